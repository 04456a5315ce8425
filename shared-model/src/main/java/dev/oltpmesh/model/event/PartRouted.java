package dev.oltpmesh.model.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * The rows of one transaction that one peer owns, with the placement version they were routed by
 * and, per table, the schema version they were validated against.
 */
public record PartRouted(String txId, String peer, long placementVersion, Instant submittedAt,
                         List<TableRows> tables,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<String> participants,
                         String checksum) implements PeerEvent {

    public PartRouted {
        tables = List.copyOf(tables);
        participants = participants == null ? null : List.copyOf(participants);
    }

    /** One of several parts: prepared, then finished by the router's decision (two-phase commit). */
    public boolean twoPhase() {
        return participants != null && participants.size() > 1;
    }

    public int rowCount() {
        return tables.stream().mapToInt(t -> t.rows().size()).sum();
    }

    public PartRouted withChecksum(String newChecksum) {
        return new PartRouted(txId, peer, placementVersion, submittedAt, tables, participants, newChecksum);
    }

    /** A part a transaction of one peer: applied and committed at once (one phase). */
    public static PartRouted sealed(String txId, String peer, long placementVersion, Instant submittedAt,
                                    List<TableRows> tables) {
        return sealed(txId, peer, placementVersion, submittedAt, tables, null);
    }

    /**
     * @param participants every peer of the transaction when there are several (two-phase), else null;
     *                     left out of the JSON when null, so that one-phase parts read and hash as before
     */
    public static PartRouted sealed(String txId, String peer, long placementVersion, Instant submittedAt,
                                    List<TableRows> tables, List<String> participants) {
        PartRouted unsealed = new PartRouted(txId, peer, placementVersion, submittedAt, tables, participants, null);
        return unsealed.withChecksum(Checksums.of(unsealed));
    }
}
