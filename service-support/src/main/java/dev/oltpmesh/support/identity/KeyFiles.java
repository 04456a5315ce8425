package dev.oltpmesh.support.identity;

import dev.oltpmesh.model.security.ServiceRole;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Locale;

/** A service's key pair on disk: {@code <id>.key} for it alone, {@code <id>.pub} for everyone. */
public final class KeyFiles {

    private static final String ROLE_LINE = "# role: ";

    private KeyFiles() {
    }

    public static ServiceIdentity load(IdentityProperties properties) {
        Path key = properties.keyDir().resolve(properties.id() + ".key");
        Path pub = properties.keyDir().resolve(properties.id() + ".pub");
        try {
            if (!Files.exists(key) && properties.generate()) {
                generate(properties.keyDir(), properties.id(), properties.role());
            }
            if (!Files.exists(key) || !Files.exists(pub)) {
                throw new IllegalStateException("no key pair for " + properties.id() + " in " + properties.keyDir()
                        + ": expected " + key.getFileName() + " and " + pub.getFileName()
                        + " (openssl genpkey -algorithm ed25519, then openssl pkey -pubout)");
            }
            PublicKey publicKey = Ed25519.readPublic(Files.readString(pub));
            return new ServiceIdentity(properties.id(), properties.role(), Ed25519.keyId(publicKey),
                    Ed25519.readPrivate(Files.readString(key)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a new key pair for a service; the private key readable by its owner only from the start. */
    public static void generate(Path dir, String id, ServiceRole role) throws IOException {
        Files.createDirectories(dir);
        KeyPair pair = Ed25519.generate();
        // The public key first: a crash before the private key is written leaves no usable pair, and the
        // next start makes both again.
        Path pubPartial = dir.resolve(id + ".pub.partial");
        Files.writeString(pubPartial, ROLE_LINE + role.name() + "\n" + Ed25519.publicPem(pair.getPublic()));
        Files.move(pubPartial, dir.resolve(id + ".pub"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        writeOwnerOnly(dir.resolve(id + ".key"), Ed25519.privatePem(pair.getPrivate()));
    }

    /** A secret file, readable and writable by its owner only from the moment it exists, written whole or not at all. */
    public static void writeOwnerOnly(Path file, String content) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(partial, content);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A trusted public key file: its service is the file's name, its role the {@code # role:} line. */
    static TrustedKey readTrusted(Path pub) throws IOException {
        String text = Files.readString(pub);
        String id = pub.getFileName().toString().replaceFirst("\\.pub$", "");
        int at = text.indexOf(ROLE_LINE);
        if (at < 0) {
            throw new IllegalArgumentException(pub + " has no '" + ROLE_LINE.trim() + "' line");
        }
        String role = text.substring(at + ROLE_LINE.length()).lines().findFirst().orElse("").trim();
        PublicKey key = Ed25519.readPublic(text);
        return new TrustedKey(Ed25519.keyId(key), id, ServiceRole.valueOf(role.toUpperCase(Locale.ROOT)), key);
    }
}
