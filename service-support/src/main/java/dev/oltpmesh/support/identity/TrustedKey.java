package dev.oltpmesh.support.identity;

import dev.oltpmesh.model.security.ServiceRole;

import java.security.PublicKey;

/** A public key the mesh trusts, and the service it belongs to. */
public record TrustedKey(String keyId, String service, ServiceRole role, PublicKey publicKey) {
}
