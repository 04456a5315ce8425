package dev.oltpmesh.cluster;

import dev.oltpmesh.support.identity.KeyFiles;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded gateway's HTTPS: a certificate for {@code localhost} made on the first start with the
 * JDK's own {@code keytool} (a PKCS#12 key store, owner-only, for Spring Boot's SSL bundle) and its
 * certificate in PEM beside it ({@code tls/gateway.crt}), for clients to trust: {@code curl --cacert}.
 */
final class GatewayTls {

    private final Path keyStore;
    private final String password;

    private GatewayTls(Path keyStore, String password) {
        this.keyStore = keyStore;
        this.password = password;
    }

    static GatewayTls ensure(Path dataDir) throws IOException, InterruptedException {
        Path dir = dataDir.resolve("tls");
        Files.createDirectories(dir);
        Path keyStore = dir.resolve("gateway.p12");
        Path passwordFile = dir.resolve("gateway.password");
        Path certificate = certificate(dataDir);
        if (!Files.exists(keyStore) || !Files.exists(passwordFile) || !Files.exists(certificate)) {
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            Files.deleteIfExists(keyStore);
            keytool("-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "825",
                    "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password);
            keytool("-exportcert", "-rfc", "-alias", "gateway", "-keystore", keyStore.toString(),
                    "-storetype", "PKCS12", "-storepass", password, "-file", certificate.toString());
            KeyFiles.writeOwnerOnly(passwordFile, password);
        }
        return new GatewayTls(keyStore, Files.readString(passwordFile).strip());
    }

    static Path certificate(Path dataDir) {
        return dataDir.toAbsolutePath().resolve("tls").resolve("gateway.crt");
    }

    /** The gateway's arguments: HTTPS through an SSL bundle on this key store. */
    List<String> springArguments() {
        return List.of("--server.ssl.bundle=gateway",
                "--spring.ssl.bundle.jks.gateway.keystore.location=file:" + keyStore,
                "--spring.ssl.bundle.jks.gateway.keystore.password=" + password,
                "--spring.ssl.bundle.jks.gateway.keystore.type=PKCS12");
    }

    /** An SSL context that trusts the gateway of the cluster in {@code dataDir}, and nothing else. */
    static SSLContext trusting(Path dataDir) {
        try (InputStream pem = Files.newInputStream(certificate(dataDir))) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509").generateCertificate(pem));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the gateway's certificate in " + dataDir, e);
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }
}
