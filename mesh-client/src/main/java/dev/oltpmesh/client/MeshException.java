package dev.oltpmesh.client;

/** Anything that kept a call to the mesh from giving its answer. */
public class MeshException extends RuntimeException {

    public MeshException(String message) {
        super(message);
    }

    public MeshException(String message, Throwable cause) {
        super(message, cause);
    }
}
