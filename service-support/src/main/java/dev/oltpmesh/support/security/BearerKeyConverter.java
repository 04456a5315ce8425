package dev.oltpmesh.support.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads {@code Authorization: Bearer <key>}, or else the {@code apikey} header that Supabase's client
 * libraries send; a request with neither goes on unauthenticated.
 */
public class BearerKeyConverter implements AuthenticationConverter {

    private static final String BEARER = "Bearer ";
    static final String API_KEY_HEADER = "apikey";

    @Override
    public Authentication convert(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String key;
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            key = header.substring(BEARER.length()).trim();
        } else if (header == null && request.getHeader(API_KEY_HEADER) != null) {
            key = request.getHeader(API_KEY_HEADER).trim();
        } else {
            return null;
        }
        return UsernamePasswordAuthenticationToken.unauthenticated(null, key);
    }
}
