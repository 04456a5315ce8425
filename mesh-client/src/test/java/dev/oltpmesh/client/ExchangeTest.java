package dev.oltpmesh.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExchangeTest {

    private final FakeGateway gateway = new FakeGateway();
    private final MeshClient client = gateway.client();

    ExchangeTest() throws IOException {
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.close();
    }

    @Test
    void shouldAnswerEveryStatusRatherThanThrow() {
        gateway.problem(404, "not-found", "move 9 does not exist");

        RawResponse answer = client.exchange("GET", "/v1/admin/moves/9", null, Map.of());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).contains("move 9 does not exist");
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(gateway.received().getFirst().header("Authorization")).isEqualTo("Bearer secret-key");
    }

    @Test
    void shouldTryARawPostAgainOnlyWithAnIdempotencyKey() {
        gateway.problem(503, "backbone-unavailable", "nothing was accepted")
                .problem(503, "backbone-unavailable", "nothing was accepted").json(202, "{}");

        RawResponse unkeyed = client.exchange("POST", "/v1/tx", "{}", Map.of());
        RawResponse keyed = client.exchange("POST", "/v1/tx", "{}", Map.of("Idempotency-Key", "k-1"));

        assertThat(unkeyed.status()).isEqualTo(503);
        assertThat(keyed.status()).isEqualTo(202);
        assertThat(gateway.received()).extracting(r -> r.header("Idempotency-Key")).containsExactly(null, "k-1", "k-1");
        assertThat(gateway.received()).extracting(r -> r.header("Content-Type")).containsOnly("application/json");
    }
}
