package dev.oltpmesh.support.security;

import dev.oltpmesh.support.config.ConfigUnavailableException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/** Authenticates a bearer API key by what the configuration says it grants. */
public final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeyGrants grants;

    public ApiKeyAuthenticationProvider(ApiKeyGrants grants) {
        this.grants = grants;
    }

    @Override
    public Authentication authenticate(Authentication presented) {
        String key = String.valueOf(presented.getCredentials());
        // Every key is at least 32 characters (generated ones 48; the first admin key is refused shorter):
        // anything else is answered without asking anyone.
        if (key.length() < 32 || key.length() > 200) {
            throw new BadCredentialsException("not an API key");
        }
        try {
            var grant = grants.find(key).orElseThrow(() -> new BadCredentialsException("unknown or revoked API key"));
            return UsernamePasswordAuthenticationToken.authenticated(new KeyHolder(grant), null,
                    List.of(new SimpleGrantedAuthority("ROLE_" + grant.role().name())));
        } catch (ConfigUnavailableException e) {
            throw new AuthenticationServiceException("the configuration service did not answer", e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
