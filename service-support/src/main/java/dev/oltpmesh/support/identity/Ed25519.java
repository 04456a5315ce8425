package dev.oltpmesh.support.identity;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ed25519 in the forms the mesh uses: keys are the JDK's (generated, and read from and written to PEM
 * files that {@code openssl} reads and writes: {@code openssl genpkey -algorithm ed25519}), key ids are
 * derived from the public key; signing and verifying are Bouncy Castle's, several times faster than
 * the JDK's on the hot path (every event, every call between services).
 */
public final class Ed25519 {

    private static final int SIGNATURE_BYTES = 64;
    /** A service has one key and trusts a handful: their decoded forms are kept, not redone per event. */
    private static final Map<PrivateKey, Ed25519PrivateKeyParameters> PRIVATE = new ConcurrentHashMap<>();
    private static final Map<PublicKey, Ed25519PublicKeyParameters> PUBLIC = new ConcurrentHashMap<>();

    private Ed25519() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK 15+ has Ed25519", e);
        }
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, PRIVATE.computeIfAbsent(key, Ed25519::privateParameters));
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    public static boolean verify(PublicKey key, byte[] data, byte[] signatureBytes) {
        if (signatureBytes == null || signatureBytes.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, PUBLIC.computeIfAbsent(key, Ed25519::publicParameters));
            verifier.update(data, 0, data.length);
            return verifier.verifySignature(signatureBytes);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The raw 32-byte key at the end of the JDK's X.509 encoding, for Bouncy Castle's faster Ed25519. */
    private static Ed25519PublicKeyParameters publicParameters(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return new Ed25519PublicKeyParameters(encoded, encoded.length - Ed25519PublicKeyParameters.KEY_SIZE);
    }

    private static Ed25519PrivateKeyParameters privateParameters(PrivateKey key) {
        byte[] seed = ((EdECPrivateKey) key).getBytes()
                .orElseThrow(() -> new IllegalArgumentException("an Ed25519 private key without its bytes"));
        return new Ed25519PrivateKeyParameters(seed, 0);
    }

    /** A short, stable name of a public key: the first 96 bits of its SHA-256, base64url. */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 12));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String publicPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String privatePem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static PublicKey readPublic(String pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public static PrivateKey readPrivate(String pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("not a PEM " + type);
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
