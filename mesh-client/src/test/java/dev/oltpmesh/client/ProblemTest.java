package dev.oltpmesh.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProblemTest {

    private final FakeGateway gateway = new FakeGateway();
    private final MeshClient client = gateway.client();

    ProblemTest() throws IOException {
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.close();
    }

    @Test
    void shouldTurnAnInvalidRowIntoARequestExceptionWithItsMembers() {
        gateway.json(400, """
                {"type":"https://oltp-mesh.dev/problems/invalid-row","title":"Bad Request","status":400,
                 "detail":"table 'fruit' row 0: f is not an integer","instance":"/v1/tx","table":"fruit","row":0}""");

        MeshRequestException e = catchThrowableOfType(MeshRequestException.class,
                () -> client.table("fruit").insert(List.of(Map.of("f", "x"))));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.problemType()).isEqualTo(ProblemType.INVALID_ROW);
        assertThat(e.type()).isEqualTo(URI.create("https://oltp-mesh.dev/problems/invalid-row"));
        assertThat(e.title()).isEqualTo("Bad Request");
        assertThat(e.detail()).isEqualTo("table 'fruit' row 0: f is not an integer");
        assertThat(e.properties()).containsEntry("table", "fruit").containsEntry("row", 0)
                .containsEntry("instance", "/v1/tx").doesNotContainKeys("type", "title", "status", "detail");
        assertThat(e).hasMessage("400 table 'fruit' row 0: f is not an integer");
    }

    @Test
    void shouldListTheViolationsOfARefusedPlacementChange() {
        gateway.json(422, """
                {"type":"https://oltp-mesh.dev/problems/invalid-change","status":422,"detail":"cannot be applied",
                 "violations":["peer 'peer-9' does not exist","segment 's2' overlaps 's1'"]}""");

        MeshRequestException e = catchThrowableOfType(MeshRequestException.class, () -> client.admin()
                .changePlacement(List.of(PlacementChange.moveShard("payment", 3, "peer-9"))));

        assertThat(e.problemType()).isEqualTo(ProblemType.INVALID_CHANGE);
        assertThat(e.violations()).containsExactly("peer 'peer-9' does not exist", "segment 's2' overlaps 's1'");
    }

    @Test
    void shouldGroupStatusesByWhatTheCallerDoesAboutThem() {
        gateway.problem(401, "unauthenticated", "send an API key")
                .problem(403, "forbidden", "this API key may not use table 'payment'")
                .problem(404, "not-found", "transaction t was not found")
                .problem(409, "incompatible-change", "only nullable columns may be appended")
                .problem(500, "internal-error", "the gateway failed");

        assertThatThrownBy(() -> client.status("t")).isInstanceOf(MeshAccessException.class);
        assertThatThrownBy(() -> client.status("t")).isInstanceOf(MeshAccessException.class)
                .extracting(e -> ((MeshProblemException) e).problemType()).isEqualTo(ProblemType.FORBIDDEN);
        assertThatThrownBy(() -> client.status("t")).isInstanceOf(MeshNotFoundException.class);
        assertThatThrownBy(() -> client.admin().defineTable("fruit", TableSpec.builder()
                .requiredColumn("f", "integer").placement(Placement.replicated()).build()))
                .isInstanceOf(MeshConflictException.class);
        assertThatThrownBy(() -> client.status("t")).isExactlyInstanceOf(MeshProblemException.class)
                .extracting(e -> ((MeshProblemException) e).problemType()).isEqualTo(ProblemType.INTERNAL_ERROR);
    }

    @Test
    void shouldKeepTheTextOfAnAnswerThatIsNoProblemDocument() {
        gateway.answer(new FakeGateway.Answer(405, "text/plain", "Method Not Allowed", Map.of()));

        MeshRequestException e = catchThrowableOfType(MeshRequestException.class, () -> client.status("t"));

        assertThat(e.problemType()).isEqualTo(ProblemType.OTHER);
        assertThat(e.type()).isNull();
        assertThat(e.detail()).isEqualTo("Method Not Allowed");
    }

    @Test
    void shouldReadATransactionStatus() {
        gateway.json(200, """
                {"txId":"019a-1","status":"FAILED","rows":1,"submittedAt":"2026-12-06T07:00:00Z","committedAt":null,
                 "parts":[{"peer":"peer-1","rows":1,"seq":null,"status":"REFUSED","error":"schema"}],
                 "error":"refused by peer-1: schema","decision":null,"client":"shop"}""");

        TxStatus status = client.status("019a-1");

        assertThat(status.isFailed()).isTrue();
        assertThat(status.isFinal()).isTrue();
        assertThat(status.error()).isEqualTo("refused by peer-1: schema");
        assertThat(status.parts().getFirst().status()).isEqualTo("REFUSED");
        assertThat(gateway.received().getFirst().path()).isEqualTo("/v1/tx/019a-1");
    }
}
