package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard (deploy/grafana/dashboards/oltp-mesh.json) against a running mesh: every metric
 * its PromQL queries name is served by some service's /actuator/prometheus. The names are read from the
 * dashboard, so a new panel is checked as soon as it is added.
 */
class DashboardMetricsIT {

    /** PromQL's words that are not metric names. */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private static MeshCluster cluster;
    private static HttpClient http;

    @BeforeAll
    static void commitATransaction() throws Exception {
        cluster = SharedCluster.get();
        MeshClient mesh = new MeshClient(cluster);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(cluster.gatewayTrust()).build();
        // Meters a service registers on first use (HTTP requests, outcomes) exist once a transaction went through.
        assertThat(mesh.put("/v1/admin/tables/dashboard_probe", """
                {"columns":[{"name":"id","type":"bigint","nullable":false}],"primaryKey":["id"],
                 "placement":{"strategy":"REPLICATED"}}""").status()).isIn(200, 201);
        MeshClient.Response committed = mesh.post("/v1/tx?wait=committed",
                "{\"inserts\":[{\"table\":\"dashboard_probe\",\"rows\":[{\"id\":" + System.nanoTime() + "}]}]}");
        assertThat(committed.body().get("status").asString()).as(String.valueOf(committed.body())).isEqualTo("COMMITTED");
    }

    @Test
    void shouldFindEveryMetricTheDashboardQueriesInTheServices() throws Exception {
        Set<String> queried = new TreeSet<>();
        for (String expression : dashboardExpressions()) {
            queried.addAll(metricNames(expression));
        }
        assertThat(queried).as("metrics the dashboard queries").contains("mesh_transactions_total", "mesh_peer_rows");

        String served = String.join("\n", scrapeEveryService());
        Set<String> exposed = new TreeSet<>();
        for (String line : served.lines().toList()) {
            Matcher name = IDENTIFIER.matcher(line);
            if (!line.startsWith("#") && name.lookingAt()) {
                exposed.add(name.group());
            }
        }
        assertThat(exposed).as("metrics the services serve").containsAll(queried);
    }

    @Test
    void shouldReportRowsAndLagOfEveryPeerByItsId() throws Exception {
        String served = String.join("\n", scrapeEveryService());
        for (String peer : cluster.peerIds()) {
            assertThat(served).contains("mesh_peer_rows{peer=\"" + peer + "\"")
                    .contains("mesh_peer_inbox_lag{peer=\"" + peer + "\"");
        }
    }

    @Test
    void shouldReadMetricNamesOutOfPromQl() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (le) (rate(mesh_transactions_commit_latency_seconds_bucket"
                + "[$__rate_interval])))")).containsExactly("mesh_transactions_commit_latency_seconds_bucket");
        assertThat(metricNames("sum(mesh_moves_rows_copied) / sum(mesh_moves_rows_planned)"))
                .containsExactly("mesh_moves_rows_copied", "mesh_moves_rows_planned");
        assertThat(metricNames("sum by (service) (rate(http_server_requests_seconds_count{status=~\"5..\", "
                + "uri!=\"/x\"}[5m] offset 1m))")).containsExactly("http_server_requests_seconds_count");
    }

    /** Every service's metrics, each asked twice: the first ask itself shows in the second. */
    private static List<String> scrapeEveryService() throws Exception {
        List<String> pages = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            List<String> urls = new ArrayList<>(List.of(cluster.gatewayUrl(), cluster.serviceUrl("config-service"),
                    cluster.serviceUrl("router-service")));
            for (String peer : cluster.peerIds()) {
                urls.add(cluster.serviceUrl(peer));
            }
            for (String url : urls) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus"))
                        .header("Authorization", "Bearer " + cluster.adminKey()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(url + "/actuator/prometheus").isEqualTo(200);
                pages.add(response.body());
            }
        }
        return pages;
    }

    private static List<String> dashboardExpressions() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("deploy/grafana/dashboards"))) {
            dir = dir.getParent();
        }
        JsonNode dashboard = MeshClient.JSON.readTree(Files.readString(dir.resolve("deploy/grafana/dashboards/oltp-mesh.json")));
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> expressions.add(t.path("expr").asString())));
        assertThat(expressions).as("the dashboard's queries").isNotEmpty();
        return expressions;
    }

    /**
     * The metrics a PromQL expression selects: what is left once strings, label matchers, ranges,
     * grouping clauses, Grafana variables and function calls are taken away.
     */
    static Set<String> metricNames(String expression) {
        String bare = expression
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "")
                .replaceAll("\\$\\{[^}]*}|\\$\\w+", "")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            boolean call = bare.substring(m.end()).stripLeading().startsWith("(");
            boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!call && !number && !KEYWORDS.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }
}
