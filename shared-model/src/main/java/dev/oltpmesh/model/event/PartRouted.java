package dev.oltpmesh.model.event;

import java.time.Instant;
import java.util.List;

/**
 * The rows of one transaction that one peer owns, with the placement version they were routed by
 * and, per table, the schema version they were validated against.
 */
public record PartRouted(String txId, String peer, long placementVersion, Instant submittedAt,
                         List<TableRows> tables, String checksum) implements PeerEvent {

    public PartRouted {
        tables = List.copyOf(tables);
    }

    public int rowCount() {
        return tables.stream().mapToInt(t -> t.rows().size()).sum();
    }

    public PartRouted withChecksum(String newChecksum) {
        return new PartRouted(txId, peer, placementVersion, submittedAt, tables, newChecksum);
    }

    public static PartRouted sealed(String txId, String peer, long placementVersion, Instant submittedAt,
                                    List<TableRows> tables) {
        PartRouted unsealed = new PartRouted(txId, peer, placementVersion, submittedAt, tables, null);
        return unsealed.withChecksum(Checksums.of(unsealed));
    }
}
