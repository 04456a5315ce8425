package dev.oltpmesh.support.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private final Path dir;
    private final long graceNanos;
    private final ReentrantLock loading = new ReentrantLock();
    private final Map<String, Long> refusedAt = new ConcurrentHashMap<>();
    private volatile Map<String, TrustedKey> keys = Map.of();
    private volatile long lastLoad;

    public TrustStore(Path dir, Duration unknownKeyGrace) {
        this.dir = dir;
        this.graceNanos = unknownKeyGrace.toNanos();
        reload();
    }

    /** For events: a key not known yet is waited for, up to the grace period. */
    public Optional<TrustedKey> find(String keyId) {
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
        return Optional.ofNullable(keys.get(keyId));
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
            TrustedKey known = keys.get(keyId);
            if (known != null) {
                refusedAt.remove(keyId);
                return Optional.of(known);
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
