package dev.oltpmesh.model.event;

/** One part of a transaction: the peer, its rows, and once applied the peer's commit sequence. */
public record PartSummary(String peer, int rows, Long seq, String status, String error) {

    public static PartSummary routed(String peer, int rows) {
        return new PartSummary(peer, rows, null, "ROUTED", null);
    }
}
