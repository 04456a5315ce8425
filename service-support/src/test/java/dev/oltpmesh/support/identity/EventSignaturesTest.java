package dev.oltpmesh.support.identity;

import dev.oltpmesh.model.event.PartApplied;
import dev.oltpmesh.model.event.TxEvent;
import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.security.ServiceRole;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSignaturesTest {

    @TempDir
    Path keys;

    private ServiceIdentity identity(String id, ServiceRole role) throws Exception {
        KeyFiles.generate(keys, id, role);
        return KeyFiles.load(new IdentityProperties(id, role, keys, null, false, java.time.Duration.ofSeconds(1)));
    }

    @Test
    void shouldOpenAnAcknowledgementSignedByThePeerItNames() throws Exception {
        ServiceIdentity peer1 = identity("peer-1", ServiceRole.PEER);
        EventSignatures signatures = new EventSignatures(new TrustStore(keys, null, java.time.Duration.ofSeconds(1)));
        byte[] value = MeshJson.toBytes(new PartApplied("t1", "peer-1", 1, 7L, "h", Instant.now()));
        RecordHeaders headers = new RecordHeaders();
        EventSignatures.sign(peer1, "mesh.tx.events", headers, value);
        assertThat(signatures.open("mesh.tx.events", headers, value, TxEvent.class)).isInstanceOf(PartApplied.class);
    }

    @Test
    void shouldRefuseAnAcknowledgementSignedByAnotherPeer() throws Exception {
        ServiceIdentity peer1 = identity("peer-1", ServiceRole.PEER);
        EventSignatures signatures = new EventSignatures(new TrustStore(keys, null, java.time.Duration.ofSeconds(1)));
        byte[] value = MeshJson.toBytes(new PartApplied("t1", "peer-2", 1, 7L, "h", Instant.now()));
        RecordHeaders headers = new RecordHeaders();
        EventSignatures.sign(peer1, "mesh.tx.events", headers, value);
        assertThatThrownBy(() -> signatures.open("mesh.tx.events", headers, value, TxEvent.class))
                .isInstanceOf(EventRefusedException.class).hasMessageContaining("only peer peer-2 may");
    }

    @Test
    void shouldTrustAKeyWrittenAfterStartAndForgetOneRemoved() throws Exception {
        TrustStore trust = new TrustStore(keys, null, java.time.Duration.ofSeconds(1));
        ServiceIdentity router = identity("router", ServiceRole.ROUTER);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> trust.find(router.keyId()).isPresent());
        java.nio.file.Files.delete(keys.resolve("router.pub"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(12))
                .until(() -> trust.find(router.keyId()).isEmpty());
    }
}
