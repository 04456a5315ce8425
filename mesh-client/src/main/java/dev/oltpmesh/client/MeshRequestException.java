package dev.oltpmesh.client;

import java.net.URI;
import java.util.Map;

/** The request itself is wrong (400, 405, 413, 422): sending it again changes nothing; correct it. */
public class MeshRequestException extends MeshProblemException {

    public MeshRequestException(int status, URI type, String title, String detail, Map<String, Object> properties) {
        super(status, type, title, detail, properties);
    }
}
