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
import java.util.ArrayList;
import java.util.List;

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

    private static List<EventSignatures.Unsigned> acknowledgements(int count) {
        List<EventSignatures.Unsigned> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new EventSignatures.Unsigned(i % 3 == 0 ? "mesh.dlq" : "mesh.tx.events",
                    MeshJson.toBytes(new PartApplied("t" + i, "peer-1", 1, i, "h", Instant.now())), new RecordHeaders()));
        }
        return records;
    }

    @Test
    void shouldOpenEveryRecordSignedTogether() throws Exception {
        ServiceIdentity peer1 = identity("peer-1", ServiceRole.PEER);
        EventSignatures signatures = new EventSignatures(new TrustStore(keys, null, java.time.Duration.ofSeconds(1)));
        for (int count : new int[]{1, 2, 7, 300}) {
            List<EventSignatures.Unsigned> records = acknowledgements(count);
            EventSignatures.signTogether(peer1, records);
            for (EventSignatures.Unsigned r : records) {
                assertThat(signatures.open(r.topic(), r.headers(), r.value(), TxEvent.class)).isInstanceOf(PartApplied.class);
            }
        }
    }

    @Test
    void shouldRefuseARecordSignedTogetherOnceItsValueOrTopicOrProofIsNotTheSigned() throws Exception {
        ServiceIdentity peer1 = identity("peer-1", ServiceRole.PEER);
        EventSignatures signatures = new EventSignatures(new TrustStore(keys, null, java.time.Duration.ofSeconds(1)));
        List<EventSignatures.Unsigned> records = acknowledgements(5);
        EventSignatures.signTogether(peer1, records);
        EventSignatures.Unsigned first = records.get(1);
        // The root is verified (and remembered) with the first record; the others still have to lead to it.
        signatures.open(first.topic(), first.headers(), first.value(), TxEvent.class);
        EventSignatures.Unsigned second = records.get(2);
        byte[] changed = MeshJson.toBytes(new PartApplied("t2", "peer-1", 1000, 2, "h", Instant.now()));
        assertThatThrownBy(() -> signatures.open(second.topic(), second.headers(), changed, TxEvent.class))
                .isInstanceOf(EventRefusedException.class);
        assertThatThrownBy(() -> signatures.open("mesh.dlq", second.headers(), second.value(), TxEvent.class))
                .isInstanceOf(EventRefusedException.class);
        RecordHeaders otherProof = new RecordHeaders(second.headers().toArray());
        otherProof.remove(EventSignatures.PROOF);
        otherProof.add(EventSignatures.PROOF, records.get(4).headers().lastHeader(EventSignatures.PROOF).value());
        assertThatThrownBy(() -> signatures.open(second.topic(), otherProof, second.value(), TxEvent.class))
                .isInstanceOf(EventRefusedException.class);
        RecordHeaders withoutProof = new RecordHeaders(second.headers().toArray());
        withoutProof.remove(EventSignatures.PROOF);
        assertThatThrownBy(() -> signatures.open(second.topic(), withoutProof, second.value(), TxEvent.class))
                .isInstanceOf(EventRefusedException.class);
    }

    @Test
    void shouldRefuseRecordsSignedTogetherByAPeerForAnother() throws Exception {
        ServiceIdentity peer2 = identity("peer-2", ServiceRole.PEER);
        EventSignatures signatures = new EventSignatures(new TrustStore(keys, null, java.time.Duration.ofSeconds(1)));
        List<EventSignatures.Unsigned> records = acknowledgements(3);
        EventSignatures.signTogether(peer2, records);
        EventSignatures.Unsigned record = records.get(1);
        assertThatThrownBy(() -> signatures.open(record.topic(), record.headers(), record.value(), TxEvent.class))
                .isInstanceOf(EventRefusedException.class).hasMessageContaining("only peer peer-1 may");
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
