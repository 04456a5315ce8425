package dev.oltpmesh.gateway.security;

import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.security.ApiKeyGrant;
import dev.oltpmesh.model.security.ApiRole;
import dev.oltpmesh.support.security.KeyHolder;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Collection;
import java.util.Optional;

/** The client a request comes from (the name of its API key) and what its key lets it touch. */
public final class Clients {

    private Clients() {
    }

    public static String of(HttpServletRequest request) {
        return request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName();
    }

    /** Refuses (403) a request whose key is limited to tables that do not include all of these. */
    public static void checkTables(HttpServletRequest request, Collection<String> tables) {
        grant(request).ifPresent(grant -> tables.stream().filter(t -> !grant.mayUse(t)).findFirst()
                .ifPresent(t -> {
                    throw GatewayException.forbiddenTable(t);
                }));
    }

    /** Whether the request's key may see what {@code owner} did: its own client's, or any as admin. */
    public static boolean maySeeWorkOf(HttpServletRequest request, String owner) {
        return grant(request).map(g -> g.role() == ApiRole.ADMIN || g.client().equals(owner)).orElse(false);
    }

    private static Optional<ApiKeyGrant> grant(HttpServletRequest request) {
        return request.getUserPrincipal() instanceof org.springframework.security.core.Authentication auth
                && auth.getPrincipal() instanceof KeyHolder holder ? Optional.of(holder.grant()) : Optional.empty();
    }
}
