package dev.oltpmesh.gateway.security;

import jakarta.servlet.http.HttpServletRequest;

/** The name of the API key that made a request. */
public final class Clients {

    private Clients() {
    }

    public static String of(HttpServletRequest request) {
        Object name = request.getAttribute(ApiKeyFilter.CLIENT_ATTRIBUTE);
        return name == null ? "anonymous" : name.toString();
    }
}
