package dev.oltpmesh.support.security;

import dev.oltpmesh.support.identity.ServiceTokens;
import dev.oltpmesh.support.identity.TrustStore;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.AuthenticationConverter;

import java.time.Instant;
import java.util.List;

/**
 * Authenticates a service by the token in {@code Mesh-Service-Token}, for the request line it was made
 * for; the caller gets the authority {@code ROLE_SERVICE_<ROLE>} of its key.
 */
final class ServiceTokenAuthentication implements AuthenticationConverter, AuthenticationProvider {

    /** What a token was presented for: it is only good for this method and path. */
    private record Presented(String method, String pathAndQuery) {
    }

    private final TrustStore trust;

    ServiceTokenAuthentication(TrustStore trust) {
        this.trust = trust;
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        String token = request.getHeader(ServiceTokens.HEADER);
        if (token == null) {
            return null;
        }
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        return UsernamePasswordAuthenticationToken.unauthenticated(new Presented(request.getMethod(), path), token);
    }

    @Override
    public Authentication authenticate(Authentication presented) {
        if (!(presented.getPrincipal() instanceof Presented request)) {
            return null;
        }
        var key = ServiceTokens.verify(String.valueOf(presented.getCredentials()), request.method(),
                        request.pathAndQuery(), Instant.now(), trust)
                .orElseThrow(() -> new BadCredentialsException("no valid service token for this request"));
        return UsernamePasswordAuthenticationToken.authenticated(new ServiceCaller(key), null,
                List.of(new SimpleGrantedAuthority("ROLE_SERVICE_" + key.role().name())));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
