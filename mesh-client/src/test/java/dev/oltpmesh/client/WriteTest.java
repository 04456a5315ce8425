package dev.oltpmesh.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class WriteTest {

    private static final String ACCEPTED = "{\"txId\":\"tx-1\",\"status\":\"ACCEPTED\",\"rows\":1}";

    private final FakeGateway gateway = new FakeGateway();
    private final MeshClient client = gateway.client();

    WriteTest() throws IOException {
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.close();
    }

    @Test
    void shouldReuseTheIdempotencyKeyAndTheBodyWhenRetrying() {
        gateway.problem(503, "backbone-unavailable", "nothing was accepted")
                .problem(503, "backbone-unavailable", "nothing was accepted")
                .json(202, ACCEPTED);

        TxStatus status = client.table("payment").insert(List.of(Map.of("account", "alice", "qty", 5)));

        assertThat(status.txId()).isEqualTo("tx-1");
        assertThat(status.status()).isEqualTo(TxStatus.State.ACCEPTED);
        List<FakeGateway.Received> attempts = gateway.received();
        assertThat(attempts).hasSize(3);
        assertThat(attempts.getFirst().header("Idempotency-Key")).isNotBlank();
        assertThat(attempts).extracting(r -> r.header("Idempotency-Key"))
                .containsOnly(attempts.getFirst().header("Idempotency-Key"));
        assertThat(attempts).extracting(r -> new String(r.body())).containsOnly("[{\"account\":\"alice\",\"qty\":5}]");
        assertThat(attempts.getFirst().path()).isEqualTo("/v1/tables/payment/rows");
        assertThat(attempts.getFirst().param("wait")).isEqualTo("accepted");
    }

    @Test
    void shouldSendTheSameKeyWhenTheSameTransactionIsSubmittedAgain() {
        gateway.json(202, ACCEPTED).json(202, ACCEPTED);
        Transaction transaction = Transaction.builder().insert("payment", List.of(Map.of("account", "alice")))
                .build();

        client.submit(transaction);
        client.submit(transaction);

        assertThat(gateway.received()).extracting(r -> r.header("Idempotency-Key"))
                .containsExactly(transaction.idempotencyKey().orElseThrow(),
                        transaction.idempotencyKey().orElseThrow());
    }

    @Test
    void shouldGiveEveryNewWriteItsOwnKey() {
        gateway.json(202, ACCEPTED).json(202, ACCEPTED);

        client.table("payment").insert(List.of(Map.of("account", "alice")));
        client.table("payment").insert(List.of(Map.of("account", "alice")));

        assertThat(gateway.received().get(0).header("Idempotency-Key"))
                .isNotEqualTo(gateway.received().get(1).header("Idempotency-Key"));
    }

    @Test
    void shouldRetryWhileTheFirstRequestWithTheSameKeyIsInFlight() {
        gateway.problem(409, "idempotency-key-in-flight", "still being processed").json(202, ACCEPTED);

        TxStatus status = client.submit(Transaction.builder().insert("payment", List.of(Map.of("a", 1)))
                .idempotencyKey("order-42").build());

        assertThat(status.txId()).isEqualTo("tx-1");
        assertThat(gateway.received()).extracting(r -> r.header("Idempotency-Key"))
                .containsExactly("order-42", "order-42");
    }

    @Test
    void shouldNotRetryAWriteWithoutKeyThatMayHaveBeenApplied() {
        gateway.problem(503, "config-service-unavailable", "retry later").json(202, ACCEPTED);
        Transaction unkeyed = Transaction.builder().insert("payment", List.of(Map.of("a", 1)))
                .withoutIdempotencyKey().build();

        assertThatThrownBy(() -> client.submit(unkeyed)).isInstanceOf(MeshUnavailableException.class);
        assertThat(gateway.received()).hasSize(1);
        assertThat(gateway.received().getFirst().header("Idempotency-Key")).isNull();
    }

    @Test
    void shouldNotRetryARefusal() {
        gateway.problem(400, "invalid-row", "table 'payment' row 0: qty is not a bigint").json(202, ACCEPTED);

        assertThatThrownBy(() -> client.table("payment").insert(List.of(Map.of("qty", "x"))))
                .isInstanceOf(MeshRequestException.class);
        assertThat(gateway.received()).hasSize(1);
    }

    @Test
    void shouldGiveUpAfterTheAttemptsThePolicyAllows() {
        for (int i = 0; i < 5; i++) {
            gateway.problem(503, "backbone-unavailable", "nothing was accepted");
        }

        assertThatThrownBy(() -> client.table("payment").insert(List.of(Map.of("a", 1))))
                .isInstanceOf(MeshUnavailableException.class)
                .extracting(e -> ((MeshProblemException) e).problemType())
                .isEqualTo(ProblemType.BACKBONE_UNAVAILABLE);
        assertThat(gateway.received()).hasSize(4);
    }

    @Test
    void shouldRetryA429OnlyWhenItsRetryAfterFitsThePolicy() {
        gateway.problem(429, "slow-down", "too many", Map.of("Retry-After", "0")).json(202, ACCEPTED);
        assertThat(client.table("payment").insert(List.of(Map.of("a", 1))).txId()).isEqualTo("tx-1");

        gateway.problem(429, "slow-down", "too many", Map.of("Retry-After", "3600")).json(202, ACCEPTED);
        assertThatThrownBy(() -> client.table("payment").insert(List.of(Map.of("a", 1))))
                .isInstanceOf(MeshUnavailableException.class)
                .extracting(e -> ((MeshProblemException) e).status()).isEqualTo(429);
        assertThat(gateway.received()).hasSize(3);
    }

    @Test
    void shouldWaitForTheOutcomeWhenAskedToAndReadItsParts() {
        gateway.json(200, """
                {"txId":"tx-2","status":"COMMITTED","rows":2,"submittedAt":"2026-12-06T07:00:00Z",
                 "committedAt":"2026-12-06T07:00:00.050Z","parts":[{"peer":"peer-1","rows":1,"seq":7,
                 "status":"COMMITTED","error":null},{"peer":"peer-2","rows":1,"seq":3,"status":"COMMITTED"}],
                 "error":null,"decision":"COMMIT","client":"admin","somethingNew":true}""");

        TxStatus status = client.submit(Transaction.builder().insert("payment", List.of(Map.of("a", 1), Map.of("a", 2)))
                .build(), Wait.committed(Duration.ofSeconds(10)));

        assertThat(status.isCommitted()).isTrue();
        assertThat(status.parts()).extracting(TxStatus.Part::peer, TxStatus.Part::seq)
                .containsExactly(tuple("peer-1", 7L), tuple("peer-2", 3L));
        assertThat(status.decision()).isEqualTo("COMMIT");
        FakeGateway.Received sent = gateway.received().getFirst();
        assertThat(sent.path()).isEqualTo("/v1/tx");
        assertThat(sent.param("wait")).isEqualTo("committed");
        assertThat(sent.param("timeout")).isEqualTo("PT10S");
        assertThat(new String(sent.body()))
                .isEqualTo("{\"inserts\":[{\"rows\":[{\"a\":1},{\"a\":2}],\"table\":\"payment\"}]}");
    }

    @Test
    void shouldSendTheApiKeyAsBearer() {
        gateway.json(202, ACCEPTED);

        client.table("payment").insert(List.of(Map.of("a", 1)));

        assertThat(gateway.received().getFirst().header("Authorization")).isEqualTo("Bearer secret-key");
    }

    @Test
    void shouldSayTheGatewayCouldNotBeReachedOnceEveryAttemptFailed() throws IOException {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        try (MeshClient nowhere = MeshClient.builder().baseUrl("http://127.0.0.1:" + unused).apiKey("k")
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5))).build()) {
            assertThatThrownBy(() -> nowhere.table("payment").insert(List.of(Map.of("a", 1))))
                    .isInstanceOf(MeshTransportException.class)
                    .hasMessageContaining("POST /v1/tables/payment/rows");
        }
    }
}
