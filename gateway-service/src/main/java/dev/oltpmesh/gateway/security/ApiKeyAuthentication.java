package dev.oltpmesh.gateway.security;

import dev.oltpmesh.gateway.GatewayProperties;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** Finds the API key presented; its name is the client (the scope of its Idempotency-Keys). */
class ApiKeyAuthentication implements AuthenticationProvider {

    private final GatewayProperties properties;

    ApiKeyAuthentication(GatewayProperties properties) {
        this.properties = properties;
    }

    @Override
    public Authentication authenticate(Authentication presented) {
        byte[] given = String.valueOf(presented.getCredentials()).getBytes(StandardCharsets.UTF_8);
        GatewayProperties.ApiKey found = null;
        // Every key is compared, in constant time, so response timing does not leak a key.
        for (GatewayProperties.ApiKey key : properties.apiKeys()) {
            if (MessageDigest.isEqual(given, key.key().getBytes(StandardCharsets.UTF_8))) {
                found = key;
            }
        }
        if (found == null) {
            throw new BadCredentialsException("unknown API key");
        }
        return UsernamePasswordAuthenticationToken.authenticated(found.name(), null,
                List.of(new SimpleGrantedAuthority("ROLE_" + found.role().name())));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
