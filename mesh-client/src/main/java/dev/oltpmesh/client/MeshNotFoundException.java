package dev.oltpmesh.client;

import java.net.URI;
import java.util.Map;

/** What the call names does not exist, or is not this client's to see (404). */
public class MeshNotFoundException extends MeshProblemException {

    public MeshNotFoundException(int status, URI type, String title, String detail, Map<String, Object> properties) {
        super(status, type, title, detail, properties);
    }
}
