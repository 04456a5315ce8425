package dev.oltpmesh.support.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/** Reads {@code Authorization: Bearer <key>}; a request without it goes on unauthenticated. */
public class BearerKeyConverter implements AuthenticationConverter {

    private static final String BEARER = "Bearer ";

    @Override
    public Authentication convert(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String key = header.substring(BEARER.length()).trim();
        return UsernamePasswordAuthenticationToken.unauthenticated(null, key);
    }
}
