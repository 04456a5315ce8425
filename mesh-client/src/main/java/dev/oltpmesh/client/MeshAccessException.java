package dev.oltpmesh.client;

import java.net.URI;
import java.util.Map;

/** The API key is missing or unknown (401), or may not make this call (403). */
public class MeshAccessException extends MeshProblemException {

    public MeshAccessException(int status, URI type, String title, String detail, Map<String, Object> properties) {
        super(status, type, title, detail, properties);
    }
}
