package dev.oltpmesh.peer.apply;

/**
 * A part for rows moving here cannot be applied yet: the source may still receive rows of the region
 * routed by an older version, so whether a key is new is not known. The batch is applied again later.
 */
class MoveSettlingException extends RuntimeException {

    private MoveSettlingException(String message) {
        super(message);
    }

    static MoveSettlingException settling(long move, String from) {
        return new MoveSettlingException("move " + move + " from " + from + " is settling");
    }

    static MoveSettlingException settling(String txId) {
        return new MoveSettlingException("part " + txId + " waits for a move here to settle");
    }

    static MoveSettlingException configurationBehind(long partVersion, long known) {
        return new MoveSettlingException("the part was routed by placement version " + partVersion
                + ", this peer knows " + known + " so far");
    }

    static MoveSettlingException sourceAway(long move, String from, RuntimeException cause) {
        MoveSettlingException e = new MoveSettlingException("move " + move + ": " + from
                + " cannot say whether a key exists there: " + cause.getMessage());
        e.initCause(cause);
        return e;
    }
}
