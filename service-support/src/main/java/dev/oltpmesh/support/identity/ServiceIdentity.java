package dev.oltpmesh.support.identity;

import dev.oltpmesh.model.security.ServiceRole;

import java.security.PrivateKey;

/** Who this service is: its id and role, and the key it signs its events and calls with. */
public record ServiceIdentity(String id, ServiceRole role, String keyId, PrivateKey privateKey) {

    public byte[] sign(byte[] data) {
        return Ed25519.sign(privateKey, data);
    }

    @Override
    public String toString() {
        return role + " " + id + " (key " + keyId + ")";
    }
}
