package dev.oltpmesh.client;

import java.net.http.HttpHeaders;

/** An answer of {@link MeshClient#exchange}, whatever its status. */
public record RawResponse(int status, HttpHeaders headers, String body) {
}
