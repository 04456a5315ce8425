package dev.oltpmesh.deploy;

import dev.oltpmesh.deploy.ComposeFile.ComposeService;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard and what shows it: compose's Prometheus scrapes every service of the mesh, Grafana is
 * provisioned with that Prometheus and the dashboard's folder, and every panel asks the data source the
 * dashboard lets one choose (compose's, or a cluster's). Whether the metrics exist is IT business
 * (integration-tests DashboardMetricsIT).
 */
class GrafanaProvisioningTest {

    private static final String DASHBOARD = "deploy/grafana/dashboards/oltp-mesh.json";

    private final ComposeFile compose = ComposeFile.ofTheProject();
    private final JsonNode dashboard = JsonMapper.builder().build().readTree(Project.read(DASHBOARD));

    @Test
    void shouldAskEveryPanelOfTheDashboardThroughItsDataSourceVariable() {
        assertThat(dashboard.path("templating").path("list")).anySatisfy(variable -> {
            assertThat(variable.path("name").asString()).isEqualTo("datasource");
            assertThat(variable.path("query").asString()).isEqualTo("prometheus");
        });
        List<JsonNode> panels = dashboard.path("panels").valueStream().toList();
        assertThat(panels).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
            assertThat(panel.path("targets").valueStream().toList()).isNotEmpty().allSatisfy(target -> {
                assertThat(target.path("expr").asString()).isNotBlank();
                assertThat(target.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
            });
        });
    }

    @Test
    void shouldProvisionGrafanaWithTheDashboardsFolderAndPrometheus() {
        ComposeService grafana = compose.services().get("grafana");
        Map<String, Object> provider = Yamls.map(Yamls.list(yaml("deploy/grafana/provisioning/dashboards/oltp-mesh.yml")
                .get("providers")).getFirst());
        String folder = (String) Yamls.map(provider.get("options")).get("path");
        assertThat(grafana.mounts()).anySatisfy(m -> {
            assertThat(m.source()).isEqualTo("./deploy/grafana/dashboards");
            assertThat(m.target()).isEqualTo(folder);
        });
        assertThat(grafana.mounts()).anySatisfy(m -> {
            assertThat(m.source()).isEqualTo("./deploy/grafana/provisioning");
            assertThat(m.target()).isEqualTo(grafana.resolvedEnvironment().get("GF_PATHS_PROVISIONING"));
        });
        Map<String, Object> source = Yamls.map(Yamls.list(yaml("deploy/grafana/provisioning/datasources/prometheus.yml")
                .get("datasources")).getFirst());
        assertThat(source.get("type")).isEqualTo("prometheus");
        assertThat(source.get("url")).isEqualTo("http://prometheus:9090");
        assertThat(compose.services()).containsKey("prometheus");
    }

    @Test
    void shouldScrapeEveryServiceOfTheMeshWithAKey() {
        Map<String, Object> job = Yamls.map(Yamls.list(yaml("deploy/prometheus/prometheus.yml").get("scrape_configs")).getFirst());
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        String keyFile = (String) Yamls.map(job.get("authorization")).get("credentials_file");
        assertThat(Yamls.list(compose.services().get("prometheus").definition().get("secrets")))
                .anySatisfy(secret -> assertThat(keyFile).isEqualTo("/run/secrets/" + secret));
        List<String> targets = Yamls.list(job.get("static_configs")).stream()
                .flatMap(c -> Yamls.list(Yamls.map(c).get("targets")).stream()).map(Object::toString).toList();
        for (ComposeService service : compose.services().values()) {
            if (service.module().isPresent()) {
                String port = service.healthcheck().orElseThrow().getLast().replaceAll("^http://localhost:(\\d+)/.*$", "$1");
                assertThat(targets).as("Prometheus's targets").contains(service.name() + ":" + port);
            }
        }
    }

    private static Map<String, Object> yaml(String file) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Project.read(file));
    }
}
