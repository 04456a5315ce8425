package dev.oltpmesh.client;

import java.net.URI;
import java.util.Map;

/**
 * The call conflicts with the state it meets (409): a table change that is not an append, an
 * Idempotency-Key still in flight after every retry, a move to retry that is not FAILED.
 */
public class MeshConflictException extends MeshProblemException {

    public MeshConflictException(int status, URI type, String title, String detail, Map<String, Object> properties) {
        super(status, type, title, detail, properties);
    }
}
