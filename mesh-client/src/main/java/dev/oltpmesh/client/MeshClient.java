package dev.oltpmesh.client;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A client of the mesh's gateway: writes, reads, statuses and administration over its REST API.
 * Thread-safe; one per application and gateway, closed when the application stops.
 *
 * <pre>{@code
 * try (MeshClient mesh = MeshClient.builder().baseUrl("https://localhost:8080").apiKey(key)
 *         .trustCertificate(Path.of(".mesh/tls/gateway.crt")).build()) {
 *     TxStatus tx = mesh.table("payment").insert(List.of(payment), Wait.committed());
 *     List<Payment> alice = mesh.table("payment").query().eq("account", "alice").after(tx.txId())
 *             .list(Payment.class);
 * }
 * }</pre>
 */
public final class MeshClient implements AutoCloseable {

    private final Transport transport;

    private MeshClient(Transport transport) {
        this.transport = transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Writes and reads of one table. */
    public Table table(String name) {
        return new Table(transport, Objects.requireNonNull(name, "name"));
    }

    /** Submits the transaction and answers once it is durably on Kafka ({@code ACCEPTED}). */
    public TxStatus submit(Transaction transaction) {
        return submit(transaction, Wait.accepted());
    }

    /**
     * Submits the transaction. Submitting the same {@link Transaction} again (after a
     * {@link MeshTransportException}, say) is answered with the first txId and stores nothing twice.
     *
     * @return {@code COMMITTED} or {@code FAILED} if {@code wait} is {@link Wait#committed()} and the
     * outcome came in time, otherwise {@code ACCEPTED}
     * @throws MeshRequestException an unknown table or column, a value of the wrong type, a body over
     *                              the limits; nothing was stored
     */
    public TxStatus submit(Transaction transaction, Wait wait) {
        return new Submitter(transport).submit(transaction, wait);
    }

    /**
     * A transaction's status, its decision and each peer's progress.
     *
     * @throws MeshNotFoundException unknown, or another client's
     */
    public TxStatus status(String txId) {
        return Json.read(transport.send(Transport.Call.get("/v1/tx/" + Transport.encode(txId))).body(),
                TxStatus.class);
    }

    /** Tables, peers, placement, moves and keys; the API key needs the admin role. */
    public Admin admin() {
        return new Admin(transport);
    }

    /**
     * Any call to the gateway, for what this client does not model: the same key, TLS, timeouts and
     * retries (a {@code GET}, {@code HEAD}, {@code PUT} or {@code DELETE}, or a call with an
     * {@code Idempotency-Key} header, is tried again; others only if they never reached the gateway).
     * Every status is an answer here, not an exception.
     *
     * @param path     from the gateway's root, with its query string, e.g. {@code /v1/admin/moves/7}
     * @param jsonBody null for none
     */
    public RawResponse exchange(String method, String path, String jsonBody, Map<String, String> headers) {
        boolean replayable = Set.of("GET", "HEAD", "PUT", "DELETE").contains(method)
                || headers.keySet().stream().anyMatch("Idempotency-Key"::equalsIgnoreCase);
        HttpResponse<byte[]> response = transport.exchange(new Transport.Call(method, path,
                jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8), headers, Duration.ZERO,
                replayable));
        return new RawResponse(response.statusCode(), response.headers(),
                new String(response.body(), StandardCharsets.UTF_8));
    }

    /** Closes the HTTP client, unless it was given to the builder. */
    @Override
    public void close() {
        transport.close();
    }

    /** Sends a transaction with its key; a keyed one may be sent again, an unkeyed one only if never sent. */
    record Submitter(Transport transport) {

        TxStatus submit(Transaction transaction, Wait wait) {
            Map<String, String> headers = transaction.idempotencyKey().map(key -> Map.of("Idempotency-Key", key))
                    .orElse(Map.of());
            Transport.Response response = transport.send(new Transport.Call("POST",
                    transaction.path() + wait.query(), transaction.body(), headers, wait.timeout(),
                    transaction.idempotencyKey().isPresent()));
            return Json.read(response.body(), TxStatus.class);
        }
    }

    public static final class Builder {

        private String baseUrl;
        private String apiKey;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private SSLContext sslContext;
        private HttpClient httpClient;

        private Builder() {
        }

        /** The gateway, e.g. {@code https://localhost:8080}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Sent as {@code Authorization: Bearer <key>}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout);
            return this;
        }

        /** How long one attempt may take, besides what the call asks the gateway to wait. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout);
            return this;
        }

        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy);
            return this;
        }

        /** The TLS context to reach the gateway with, e.g. one that trusts a private CA. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /**
         * Trusts the gateway's certificate (PEM), and only it: what {@code ./mesh up} writes to
         * {@code .mesh/tls/gateway.crt}.
         */
        public Builder trustCertificate(Path pem) {
            try (InputStream in = Files.newInputStream(pem)) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trust.setCertificateEntry("gateway-" + i++, certificate);
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance(
                        TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trust);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, factory.getTrustManagers(), null);
                this.sslContext = context;
                return this;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot trust the certificate in " + pem + ": " + e.getMessage(), e);
            }
        }

        /**
         * An HTTP client of the application's own (its executor, version, proxy); the client then
         * leaves it open on {@link #close()}, and {@link #connectTimeout} and {@link #sslContext} are
         * the given client's.
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        public MeshClient build() {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (httpClient != null) {
                return new MeshClient(new Transport(httpClient, false, baseUrl, apiKey, requestTimeout, retryPolicy));
            }
            HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(connectTimeout);
            if (sslContext != null) {
                http.sslContext(sslContext);
            }
            return new MeshClient(new Transport(http.build(), true, baseUrl, apiKey, requestTimeout, retryPolicy));
        }
    }
}
