package dev.oltpmesh.support.identity;

/** An event whose signature or signer does not hold: it is dead-lettered, never acted on. */
public class EventRefusedException extends RuntimeException {

    private EventRefusedException(String reason) {
        super(reason);
    }

    public static EventRefusedException unsigned() {
        return new EventRefusedException("not signed: no mesh-key-id and mesh-signature headers");
    }

    public static EventRefusedException unknownKey(String keyId) {
        return new EventRefusedException("signed with key '" + keyId + "', which no service of the mesh has");
    }

    public static EventRefusedException badSignature(String keyId) {
        return new EventRefusedException("the signature by key '" + keyId + "' does not match the event: altered "
                + "or forged");
    }

    public static EventRefusedException wrongSigner(String signer, String expected) {
        return new EventRefusedException("signed by " + signer + ", but only " + expected + " may produce it");
    }
}
