package dev.oltpmesh.client;

/**
 * The gateway could not be reached, or its answer did not arrive, even after the retries the policy
 * allows. For a write it is not known whether the transaction was accepted: submitting the same
 * {@link Transaction} again is safe, its Idempotency-Key makes the gateway answer the first txId.
 */
public class MeshTransportException extends MeshException {

    public MeshTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
