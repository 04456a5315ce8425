package dev.oltpmesh.support.identity;

import dev.oltpmesh.model.security.ServiceKey;
import dev.oltpmesh.model.security.ServiceRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The public keys of the mesh's services, read from the trust folder, and read again every 5 seconds
 * (by one caller while the others go on with the keys they have), so that a key whose file was
 * removed is no longer trusted after that.
 *
 * <p>A key id not known is waited for, up to {@code unknownKeyGrace}, re-reading the folder once a
 * second: a service that starts with a new key may sign before its public key has reached every
 * folder (a ConfigMap takes its time), and refusing its events at once would drop them for good.
 * An id still unknown after that is refused, and refused at once for the next grace period, so that
 * made-up ids cost one wait each, not one per record.
 */
public final class TrustStore {

    private static final Logger log = LoggerFactory.getLogger(TrustStore.class);
    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long RELOAD_UNKNOWN_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_REMEMBERED_UNKNOWN = 10_000;

    /** What {@link #registered} answers for a key revoked through the admin API. */
    private static final TrustedKey REVOKED = new TrustedKey("", "", ServiceRole.CONFIG, null);

    private final Path dir;
    private final ServiceKeyRegistry registry;
    private final Map<String, TrustedKey> parsed = new ConcurrentHashMap<>();
    private final long graceNanos;
    private final ReentrantLock loading = new ReentrantLock();
    private final Map<String, Long> refusedAt = new ConcurrentHashMap<>();
    private volatile Map<String, TrustedKey> keys = Map.of();
    private volatile long lastLoad;

    /** {@code registry}: the keys registered through the admin API, or null where there are none to follow. */
    public TrustStore(Path dir, ServiceKeyRegistry registry, Duration unknownKeyGrace) {
        this.dir = dir;
        this.registry = registry;
        this.graceNanos = unknownKeyGrace.toNanos();
        reload();
    }

    /** For events: a key not known yet is waited for, up to the grace period. */
    public Optional<TrustedKey> find(String keyId) {
        TrustedKey registered = registered(keyId);
        if (registered == REVOKED) {
            return Optional.empty();
        }
        Optional<TrustedKey> known = findNow(keyId);
        if (known.isPresent()) {
            return known;
        }
        Long refused = refusedAt.get(keyId);
        if (refused != null && System.nanoTime() - refused < graceNanos) {
            return Optional.empty();
        }
        return awaitUnknown(keyId);
    }

    /** For requests, which are retried by their caller: the keys known now (the folder re-read every 5 s). */
    public Optional<TrustedKey> findNow(String keyId) {
        if (System.nanoTime() - lastLoad >= REFRESH_NANOS && loading.tryLock()) {
            try {
                reload();
            } finally {
                loading.unlock();
            }
        }
        TrustedKey registered = registered(keyId);
        if (registered != null) {
            return registered == REVOKED ? Optional.empty() : Optional.of(registered);
        }
        return Optional.ofNullable(keys.get(keyId));
    }

    /** The registered key of this id (REVOKED if revoked), or null if the registry does not know it. */
    private TrustedKey registered(String keyId) {
        Optional<ServiceKey> entry = registry == null ? Optional.empty() : registry.serviceKey(keyId);
        if (entry.isEmpty()) {
            return null;
        }
        ServiceKey key = entry.get();
        if (key.revokedAt() != null) {
            return REVOKED;
        }
        return parsed.computeIfAbsent(keyId, id -> {
            PublicKey publicKey = Ed25519.readPublic(key.publicKey());
            // A registration is checked once: its id must be its key's.
            return Ed25519.keyId(publicKey).equals(id) ? new TrustedKey(id, key.service(), key.role(), publicKey)
                    : REVOKED;
        });
    }

    private Optional<TrustedKey> awaitUnknown(String keyId) {
        long deadline = System.nanoTime() + graceNanos;
        while (true) {
            loading.lock();
            try {
                if (System.nanoTime() - lastLoad >= RELOAD_UNKNOWN_NANOS) {
                    reload();
                }
            } finally {
                loading.unlock();
            }
            Optional<TrustedKey> known = findNow(keyId);
            if (known.isPresent()) {
                refusedAt.remove(keyId);
                return known;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (refusedAt.size() >= MAX_REMEMBERED_UNKNOWN) {
                    refusedAt.clear();
                }
                refusedAt.put(keyId, System.nanoTime());
                return Optional.empty();
            }
            LockSupport.parkNanos(Math.min(left, RELOAD_UNKNOWN_NANOS));
        }
    }

    private void reload() {
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
