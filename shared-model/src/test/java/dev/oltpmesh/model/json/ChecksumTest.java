package dev.oltpmesh.model.json;

import dev.oltpmesh.model.event.Checksums;
import dev.oltpmesh.model.event.PartRouted;
import dev.oltpmesh.model.event.PeerEvent;
import dev.oltpmesh.model.event.TableRows;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChecksumTest {

    private static PartRouted part(Map<String, Object> row) {
        return PartRouted.sealed("0190f0c0-0000-7000-8000-000000000001", "peer-1", 3,
                Instant.parse("2026-11-23T10:00:00Z"), List.of(new TableRows("payment", 1, List.of(row))));
    }

    @Test
    void shouldWriteCanonicalJsonWithSortedKeys() {
        var row = new LinkedHashMap<String, Object>();
        row.put("b", 1L);
        row.put("a", Map.of("z", 1, "y", 2));
        assertThat(new String(MeshJson.toBytes(row))).isEqualTo("{\"a\":{\"y\":2,\"z\":1},\"b\":1}");
    }

    @Test
    void shouldVerifyAPartAfterATripOverTheWire() {
        var row = new LinkedHashMap<String, Object>();
        row.put("qty", 5L);
        row.put("price", "12.50");
        row.put("ratio", 0.1);
        row.put("doc", Map.of("k", List.of(1, "two")));
        PartRouted sent = part(row);
        PeerEvent received = MeshJson.fromBytes(MeshJson.toBytes(sent), PeerEvent.class);
        assertThat(received).isInstanceOf(PartRouted.class);
        assertThat(Checksums.verifies((PartRouted) received)).isTrue();
    }

    @Test
    void shouldRefuseAPartWhoseRowsChanged() {
        PartRouted sent = part(Map.of("qty", 5L));
        PartRouted tampered = new PartRouted(sent.txId(), sent.peer(), sent.placementVersion(), sent.submittedAt(),
                List.of(new TableRows("payment", 1, List.of(Map.of("qty", 6L)))), null, sent.checksum());
        assertThat(Checksums.verifies(tampered)).isFalse();
        assertThat(Checksums.verifies(sent.withChecksum(null))).isFalse();
    }

    @Test
    void shouldHashAOnePhasePartAsBeforeAndSealTheParticipantsOfATwoPhaseOne() {
        PartRouted onePhase = part(Map.of("qty", 5L));
        assertThat(new String(MeshJson.toBytes(onePhase))).doesNotContain("participants");
        PartRouted twoPhase = PartRouted.sealed("01a2", "peer-1", 1, onePhase.submittedAt(), onePhase.tables(),
                List.of("peer-1", "peer-2"));
        assertThat(twoPhase.twoPhase()).isTrue();
        PartRouted received = (PartRouted) MeshJson.fromBytes(MeshJson.toBytes(twoPhase), PeerEvent.class);
        assertThat(Checksums.verifies(received)).isTrue();
        PartRouted alone = new PartRouted(received.txId(), received.peer(), received.placementVersion(),
                received.submittedAt(), received.tables(), null, received.checksum());
        assertThat(Checksums.verifies(alone)).as("a two-phase part passed off as a one-phase one").isFalse();
    }

    @Test
    void shouldReadAPartWrittenBeforeRowsCouldSkipDuplicatesAsNotSkippingAndHashItAsBefore() {
        PartRouted plain = part(Map.of("qty", 5L));
        String json = new String(MeshJson.toBytes(plain));
        assertThat(json).doesNotContain("skipDuplicates");
        PartRouted received = (PartRouted) MeshJson.fromBytes(json.getBytes(), PeerEvent.class);
        assertThat(received.tables().get(0).skipsDuplicates()).isFalse();
        assertThat(Checksums.verifies(received)).isTrue();
    }

    @Test
    void shouldCarryAndSealSkipDuplicatesOverTheWire() {
        PartRouted skipping = PartRouted.sealed("0190f0c0-0000-7000-8000-000000000002", "peer-1", 3,
                Instant.parse("2026-11-23T10:00:00Z"), List.of(new TableRows("payment", 1, List.of(Map.of("qty", 5L)),
                        null, true)));
        PartRouted received = (PartRouted) MeshJson.fromBytes(MeshJson.toBytes(skipping), PeerEvent.class);
        assertThat(received.tables().get(0).skipsDuplicates()).isTrue();
        assertThat(Checksums.verifies(received)).isTrue();
        PartRouted flipped = new PartRouted(received.txId(), received.peer(), received.placementVersion(),
                received.submittedAt(), List.of(new TableRows("payment", 1, List.of(Map.of("qty", 5L)))), null,
                received.checksum());
        assertThat(Checksums.verifies(flipped)).isFalse();
    }
}
