package dev.oltpmesh.support.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The public keys of the mesh's services, read from the trust folder. A key id not known yet makes
 * the folder be read again (at most once a second, so that made-up ids cost nothing): a service that
 * starts with a new key is trusted as soon as its public key is in the folder. The folder is read
 * again every 5 seconds too, so a key whose file was removed is no longer trusted after that.
 */
public final class TrustStore {

    private static final Logger log = LoggerFactory.getLogger(TrustStore.class);
    private static final long RELOAD_EVERY_NANOS = 1_000_000_000L;
    /** Removing a key's file revokes it within this time. */
    private static final long REFRESH_NANOS = 5_000_000_000L;

    private final Path dir;
    private volatile Map<String, TrustedKey> keys = Map.of();
    private volatile long lastLoad;

    public TrustStore(Path dir) {
        this.dir = dir;
        reload();
    }

    public Optional<TrustedKey> find(String keyId) {
        if (System.nanoTime() - lastLoad >= REFRESH_NANOS) {
            synchronized (this) {
                if (System.nanoTime() - lastLoad >= REFRESH_NANOS) {
                    reload();
                }
            }
        }
        TrustedKey known = keys.get(keyId);
        if (known != null) {
            return Optional.of(known);
        }
        synchronized (this) {
            if (System.nanoTime() - lastLoad >= RELOAD_EVERY_NANOS) {
                reload();
            }
        }
        return Optional.ofNullable(keys.get(keyId));
    }

    private synchronized void reload() {
        lastLoad = System.nanoTime();
        Map<String, TrustedKey> loaded = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pub")) {
                for (Path file : files) {
                    try {
                        TrustedKey key = KeyFiles.readTrusted(file);
                        loaded.put(key.keyId(), key);
                    } catch (IOException | RuntimeException e) {
                        log.warn("not trusting {}: {}", file, e.getMessage());
                    }
                }
            } catch (IOException e) {
                log.warn("cannot read the trusted keys in {}: {}", dir, e.getMessage());
                return;
            }
        }
        keys = Map.copyOf(loaded);
    }
}
