package dev.oltpmesh.model.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A gateway's question "what does this key grant?", asked by the key's SHA-256, never the key. */
public record ApiKeyLookup(String keyHash) {

    public static ApiKeyLookup of(String key) {
        try {
            return new ApiKeyLookup(HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
