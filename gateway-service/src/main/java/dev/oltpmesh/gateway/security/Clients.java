package dev.oltpmesh.gateway.security;

import jakarta.servlet.http.HttpServletRequest;

/** The client a request comes from: the name of its API key. */
public final class Clients {

    private Clients() {
    }

    public static String of(HttpServletRequest request) {
        return request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName();
    }
}
