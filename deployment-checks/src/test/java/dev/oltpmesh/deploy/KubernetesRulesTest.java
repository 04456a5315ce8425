package dev.oltpmesh.deploy;

import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each rule of {@link KubernetesRules}, and the strict parsing, catch what they are there for. */
class KubernetesRulesTest {

    private static KubernetesManifests parse(String yaml) {
        return KubernetesManifests.parse("test.yaml", yaml);
    }

    private static KubernetesRules rules(String yaml) {
        KubernetesManifests manifests = parse(yaml);
        assertThat(manifests.problems()).isEmpty();
        return new KubernetesRules(manifests.resources());
    }

    /** A router Deployment with every rule kept, but for what {@code container} adds to its one container. */
    private static String router(String podSecurity, String container) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: router-service}
                spec:
                  selector: {matchLabels: {app: router-service}}
                  template:
                    metadata: {labels: {app: router-service}}
                    spec:
                %s
                      containers:
                        - name: router-service
                          image: oltp-mesh/router-service
                          ports: [{name: http, containerPort: 8082}]
                %s
                """.formatted(podSecurity.indent(6).stripTrailing(), container.indent(10).stripTrailing());
    }

    private static final String LOCKED_POD = """
            securityContext:
              runAsNonRoot: true
              runAsUser: 10001
              seccompProfile: {type: RuntimeDefault}""";

    private static final String LOCKED_CONTAINER = """
            securityContext:
              allowPrivilegeEscalation: false
              capabilities: {drop: [ALL]}""";

    @Test
    void shouldRefuseAFieldItsKindDoesNotHave() {
        assertThat(parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: gateway}
                spec:
                  selector: {app: gateway-service}
                  ports: [{port: 8080, targetport: 8080}]
                """).problems()).singleElement().asString().contains("spec.ports[0].targetport");
    }

    @Test
    void shouldRefuseAFieldMisplacedInAPodTemplate() {
        assertThat(parse(router(LOCKED_POD, LOCKED_CONTAINER + "\nstartupprobe: {httpGet: {path: /, port: http}}"))
                .problems()).singleElement().asString().contains("startupprobe");
    }

    @Test
    void shouldRefuseAKindTheApiDoesNotKnow() {
        assertThat(parse("""
                apiVersion: apps/v1
                kind: StatefulSett
                metadata: {name: peer}
                """).problems()).singleElement().asString().contains("not a kind the Kubernetes model knows");
    }

    @Test
    void shouldRefuseAnInlinePassword() {
        assertThat(rules(router(LOCKED_POD, LOCKED_CONTAINER + """

                env:
                  - {name: SPRING_DATASOURCE_PASSWORD, value: mesh}
                  - {name: SPRING_DATASOURCE_URL, value: "jdbc:postgresql://localhost:5432/postgres?password=mesh"}
                """)).credentialsOutsideSecrets()).containsExactly(
                "Deployment router-service container router-service SPRING_DATASOURCE_PASSWORD is not taken from a Secret",
                "Deployment router-service container router-service SPRING_DATASOURCE_URL carries a password in a URL");
    }

    @Test
    void shouldRefuseAPodThatMayRunAsRoot() {
        assertThat(rules(router("securityContext: {seccompProfile: {type: RuntimeDefault}}", "")).podsNotLockedDown())
                .containsExactly("Deployment router-service does not set runAsNonRoot",
                        "Deployment router-service container router-service runs as the image's user, which "
                                + "runAsNonRoot cannot check if it is a name",
                        "Deployment router-service container router-service does not forbid privilege escalation",
                        "Deployment router-service container router-service does not drop ALL capabilities");
    }

    @Test
    void shouldRefuseAContainerWithoutAStartupProbe() {
        assertThat(rules(router(LOCKED_POD, LOCKED_CONTAINER + """

                readinessProbe: {httpGet: {path: /actuator/health/readiness, port: http}}
                livenessProbe: {exec: {command: [bash, -c, "exec 3<>/dev/tcp/localhost/8082"]}}
                """)).containersWithoutProbes()).containsExactly(
                "Deployment router-service container router-service has no startupProbe",
                "Deployment router-service container router-service's livenessProbe runs [bash, -c, exec "
                        + "3<>/dev/tcp/localhost/8082], not a program image oltp-mesh/router-service holds",
                "Deployment router-service container router-service's livenessProbe uses bash's /dev/tcp pseudo-device");
    }

    @Test
    void shouldReportARouterWithoutTheConfigServiceItNeeds() {
        assertThat(rules(router(LOCKED_POD, """
                env:
                  - {name: SPRING_KAFKA_BOOTSTRAP_SERVERS, value: "kafka-0.kafka:9092"}
                  - {name: MESH_KEY_DIR, value: /keys}
                volumeMounts: [{name: keys, mountPath: /keys}]
                """)).missingProperties()).singleElement().asString()
                .startsWith("Deployment router-service container router-service: mesh.router.configServiceUrl");
    }

    @Test
    void shouldRequireADisruptionBudgetForSeveralGateways() {
        String gateways = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: gateway-service}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: gateway-service}}
                  template:
                    metadata: {labels: {app: gateway-service}}
                    spec:
                      containers: [{name: gateway-service, image: oltp-mesh/gateway-service}]
                """;
        assertThat(rules(gateways).workloadsWithoutBudget()).containsExactly(
                "Deployment gateway-service runs 2 pods and no PodDisruptionBudget selects them");
        assertThat(rules(gateways + """
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: gateway-service}
                spec:
                  minAvailable: 1
                  selector: {matchLabels: {app: gateway-service}}
                """).workloadsWithoutBudget()).isEmpty();
    }

    @Test
    void shouldRefuseAPolicyOpeningAPeerToEveryone() {
        assertThat(rules(router(LOCKED_POD, "") + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: open}
                spec:
                  podSelector: {matchLabels: {app: router-service}}
                  ingress: [{ports: [{port: 8082}]}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: router-service}
                spec:
                  type: NodePort
                  selector: {app: router-service}
                  ports: [{name: http, port: 8082}]
                """).openToOutside()).containsExactly(
                "no NetworkPolicy denies every ingress by default",
                "NetworkPolicy open lets traffic from outside the namespace reach pods other than the gateway's",
                "Service router-service is of type NodePort: only the gateway is exposed beyond the cluster");
    }

    @Test
    void shouldRefuseAJobRegisteringAFixedListOfPeers() {
        assertThat(rules("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: peer}
                spec:
                  serviceName: peer
                  selector: {matchLabels: {app: peer}}
                  template:
                    metadata: {labels: {app: peer}}
                    spec:
                      containers:
                        - name: peer-service
                          image: oltp-mesh/peer-service
                          env: [{name: MESH_PEER_ID, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
                ---
                apiVersion: batch/v1
                kind: Job
                metadata: {name: register-peers}
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers: [{name: register, image: "curlimages/curl:8.17.0", args: ["for i in 0 1 2; do …"]}]
                """).peersNotRegisteringThemselves()).containsExactly(
                "Job register-peers: peers register themselves, a job would fix their list",
                "StatefulSet peer has no init container registering its pod's name at /v1/admin/peers/");
    }

    @Test
    void shouldRefuseAServiceOfTheMeshNoMonitorScrapes() {
        KubernetesRules rules = rules(router(LOCKED_POD, "") + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: router-service, labels: {app: router-service}}
                spec:
                  selector: {app: router-service}
                  ports: [{name: http, port: 8082}]
                """);
        ServiceMonitor withoutKey = parse("""
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: oltp-mesh}
                spec:
                  selector: {matchLabels: {app: router-service}}
                  endpoints: [{port: http, path: /actuator/prometheus}]
                """).ofKind(ServiceMonitor.class).getFirst();
        assertThat(rules.servicesNotScraped(java.util.List.of(withoutKey))).containsExactly(
                "Service router-service is scraped by no ServiceMonitor (port by name, /actuator/prometheus, with a key)");
    }
}
