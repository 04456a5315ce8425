package dev.oltpmesh.model.security;

import java.time.Instant;

/**
 * A service's public key as the configuration registers it: a peer's identity is its id and key,
 * independent of its address.
 *
 * @param keyId     derived from the key (the first 96 bits of its SHA-256, base64url)
 * @param publicKey Ed25519, X.509 SubjectPublicKeyInfo in PEM
 * @param revokedAt when it stopped being trusted; null while it is
 */
public record ServiceKey(String keyId, String service, ServiceRole role, String publicKey, Instant createdAt,
                         Instant revokedAt) {
}
