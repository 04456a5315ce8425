package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import dev.oltpmesh.it.TraceCollector.ExportedSpan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One transaction is one trace: the client's request at the gateway, the router's routing and
 * decisions, each peer's work on its part, joined through the trace context in the Kafka records'
 * headers (and the peers' outbox) and exported over OTLP.
 */
class TracingIT {

    private static MeshCluster cluster;
    private static MeshClient mesh;
    private static TraceCollector traces;

    @BeforeAll
    static void defineTable() throws Exception {
        cluster = SharedCluster.get();
        traces = SharedCluster.traces();
        mesh = new MeshClient(cluster);
        assertThat(mesh.put("/v1/admin/tables/traced", """
                {"columns":[{"name":"account","type":"text","nullable":false},{"name":"n","type":"bigint","nullable":false}],
                 "primaryKey":["account","n"],"placement":{"strategy":"HASH","column":"account","shards":12}}""")
                .status()).isIn(200, 201);
    }

    private static String committed(String rows) throws Exception {
        var answer = mesh.post("/v1/tx?wait=committed", "{\"inserts\":[{\"table\":\"traced\",\"rows\":" + rows + "}]}");
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        assertThat(answer.body().get("status").asString()).isEqualTo("COMMITTED");
        return answer.body().get("txId").asString();
    }

    @Test
    void shouldTraceAOnePeerTransactionFromTheRequestToItsOutcome() throws Exception {
        String txId = committed("[{\"account\":\"t1\",\"n\":1}]");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ExportedSpan> trace = traces.traceOf(txId);
            assertThat(names(trace)).contains("route", "apply", "decide");
            assertThat(services(trace)).contains("gateway-service", "router-service")
                    .anyMatch(s -> s.startsWith("peer-"));
            assertOneConnectedTrace(trace);
        });
    }

    @Test
    void shouldTraceEveryPhaseOfATwoPhaseTransaction() throws Exception {
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < 24; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"account\":\"t2-").append(i).append("\",\"n\":1}");
        }
        String txId = committed(rows + "]");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ExportedSpan> trace = traces.traceOf(txId);
            assertThat(names(trace)).contains("route", "prepare", "decide", "finish");
            // Every peer holds some of the 24 accounts: each prepared and finished its part in this trace.
            assertThat(trace.stream().filter(s -> s.name().equals("prepare")).map(ExportedSpan::service)
                    .collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(cluster.peerIds());
            assertThat(trace.stream().filter(s -> s.name().equals("finish")).map(ExportedSpan::service)
                    .collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(cluster.peerIds());
            assertThat(services(trace)).contains("gateway-service", "router-service");
            assertOneConnectedTrace(trace);
        });
    }

    private static Set<String> names(List<ExportedSpan> trace) {
        return trace.stream().map(ExportedSpan::name).collect(Collectors.toSet());
    }

    private static Set<String> services(List<ExportedSpan> trace) {
        return trace.stream().map(ExportedSpan::service).collect(Collectors.toSet());
    }

    /** One trace id, one root (the gateway's request), and every other span's parent in the trace. */
    private static void assertOneConnectedTrace(List<ExportedSpan> trace) {
        assertThat(trace.stream().map(ExportedSpan::traceId).distinct()).hasSize(1);
        Set<String> ids = trace.stream().map(ExportedSpan::spanId).collect(Collectors.toSet());
        List<ExportedSpan> roots = trace.stream().filter(s -> s.parentSpanId().isEmpty()).toList();
        assertThat(roots).singleElement().extracting(ExportedSpan::service).isEqualTo("gateway-service");
        assertThat(trace).filteredOn(s -> !s.parentSpanId().isEmpty())
                .allSatisfy(s -> assertThat(ids).as("parent of %s in %s", s.name(), s.service())
                        .contains(s.parentSpanId()));
    }
}
