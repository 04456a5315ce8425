package dev.oltpmesh.support.identity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * A service's credential on another service's internal endpoints: {@code <keyId>.<epoch seconds>.<sig>}
 * in the {@code Mesh-Service-Token} header, the signature (Ed25519, the service's own key) over the
 * method, the path with its query, and the time. It is good for one request line, for a minute either
 * side of its time: a token seen in transit opens nothing else, and not for long.
 */
public final class ServiceTokens {

    public static final String HEADER = "Mesh-Service-Token";
    static final Duration SKEW = Duration.ofSeconds(60);

    private ServiceTokens() {
    }

    public static String issue(ServiceIdentity identity, String method, String pathAndQuery, Instant now) {
        long seconds = now.getEpochSecond();
        byte[] signature = identity.sign(signed(identity.keyId(), seconds, method, pathAndQuery));
        return identity.keyId() + "." + seconds + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /** The service that made this token for this request, or empty: malformed, stale, unknown or forged. */
    public static Optional<TrustedKey> verify(String token, String method, String pathAndQuery, Instant now,
                                              TrustStore trust) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[0].length() > 64 || parts[2].length() > 128) {
            return Optional.empty();
        }
        long seconds;
        byte[] signature;
        try {
            seconds = Long.parseLong(parts[1]);
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (Math.abs(now.getEpochSecond() - seconds) > SKEW.toSeconds()) {
            return Optional.empty();
        }
        return trust.findNow(parts[0]).filter(key ->
                Ed25519.verify(key.publicKey(), signed(parts[0], seconds, method, pathAndQuery), signature));
    }

    private static byte[] signed(String keyId, long seconds, String method, String pathAndQuery) {
        return ("mesh-service-token\n" + keyId + "\n" + seconds + "\n" + method + "\n" + pathAndQuery)
                .getBytes(StandardCharsets.UTF_8);
    }
}
