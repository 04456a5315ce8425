package dev.oltpmesh.client;

import java.net.URI;
import java.util.Map;

/**
 * The mesh could not answer now (429, 502, 503, 504), and still could not after the retries the
 * policy allows. The detail says whether anything was accepted ({@code backbone-unavailable}: nothing).
 */
public class MeshUnavailableException extends MeshProblemException {

    public MeshUnavailableException(int status, URI type, String title, String detail, Map<String, Object> properties) {
        super(status, type, title, detail, properties);
    }
}
