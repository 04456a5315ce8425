package dev.oltpmesh.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each rule of {@link ComposeRules} catches what it is there for, on small compose files. */
class ComposeRulesTest {

    private static ComposeRules rules(String yaml) {
        return new ComposeRules(ComposeFile.parse(yaml));
    }

    @Test
    void shouldRefuseAFieldTheComposeSpecificationDoesNotKnow() {
        assertThat(JsonSchemas.compose().violations(ComposeFile.parse("""
                services:
                  kafka:
                    image: apache/kafka:4.2.2
                    healthcheck: {test: ["CMD", "test", "-f", "/tmp/ready"], intervall: 5s}
                """).model())).singleElement().asString().contains("/services/kafka/healthcheck", "intervall");
    }

    @Test
    void shouldRefuseAHealthcheckThatNeedsBash() {
        // config-service's check until now: dash has no /dev/tcp, so it never turned healthy.
        assertThat(rules("""
                services:
                  config-service:
                    image: oltp-mesh/config-service
                    healthcheck:
                      test: ["CMD-SHELL", "exec 3<>/dev/tcp/localhost/8081"]
                """).healthchecksThatCannotRun()).singleElement().asString().contains("/dev/tcp");
    }

    @Test
    void shouldRefuseAHealthcheckRunningAProgramTheImageLacks() {
        assertThat(rules("""
                services:
                  prometheus:
                    image: prom/prometheus:v3.5.0
                    healthcheck:
                      test: ["CMD", "curl", "-f", "http://localhost:9090/-/ready"]
                """).healthchecksThatCannotRun()).singleElement().asString().contains("curl");
    }

    @Test
    void shouldAcceptAnExecHealthcheckOfAProgramTheDockerfileInstalls() {
        assertThat(Images.ownPrograms(Project.read("deploy/Dockerfile"))).contains("curl", "java");
        assertThat(rules("""
                services:
                  router-service:
                    image: oltp-mesh/router-service
                    healthcheck:
                      test: ["CMD", "curl", "-fsS", "http://localhost:8082/actuator/health/readiness"]
                """).healthchecksThatCannotRun()).isEmpty();
    }

    @Test
    void shouldRefuseAServiceThatStaysUpWithoutAHealthcheck() {
        assertThat(rules("""
                services:
                  kafka-users:
                    image: apache/kafka:4.2.2
                  router-service:
                    image: oltp-mesh/router-service
                    depends_on:
                      kafka-users: {condition: service_completed_successfully}
                """).servicesWithoutHealthcheck()).containsExactly("router-service stays up but has no healthcheck");
    }

    @Test
    void shouldRefuseADependencyOnAServiceMerelyStarted() {
        assertThat(rules("""
                services:
                  kafka:
                    image: apache/kafka:4.2.2
                    healthcheck: {test: ["CMD", "test", "-f", "/tmp/ready"]}
                  router-service:
                    image: oltp-mesh/router-service
                    depends_on: [kafka]
                  gateway-service:
                    image: oltp-mesh/gateway-service
                    depends_on:
                      router-service: {condition: service_healthy}
                """).dependenciesNotOnHealth()).containsExactly(
                "router-service depends on kafka with condition null: use service_healthy (or "
                        + "service_completed_successfully for a one-shot)",
                "gateway-service depends on router-service being healthy, but router-service has no healthcheck");
    }

    @Test
    void shouldRefuseASecretWithADefaultValue() {
        assertThat(rules("""
                services:
                  postgres:
                    image: postgres:18
                    environment:
                      POSTGRES_PASSWORD: mesh
                  config-service:
                    image: oltp-mesh/config-service
                    environment:
                      SPRING_DATASOURCE_URL: jdbc:postgresql://postgres:5432/postgres?user=postgres&password=mesh
                      MESH_CONFIG_SERVICE_ADMIN_KEY: ${MESH_ADMIN_KEY:-change-me}
                      MESH_KEY_DIR: /keys
                """).defaultSecrets()).hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("POSTGRES_PASSWORD"))
                .anySatisfy(p -> assertThat(p).contains("password in a URL"))
                .anySatisfy(p -> assertThat(p).contains("MESH_CONFIG_SERVICE_ADMIN_KEY"));
    }

    @Test
    void shouldRefuseASecretFromAVariableNothingRequires() {
        assertThat(rules("""
                secrets:
                  mesh-admin-key: {environment: MESH_ADMIN_KEY}
                services:
                  prometheus:
                    image: prom/prometheus:v3.5.0
                """).defaultSecrets()).singleElement().asString().contains("empty secret");
    }

    @Test
    void shouldReportAPeerMissingAPropertyItsServiceRequires() {
        assertThat(rules("""
                services:
                  peer-1:
                    build: {context: ., dockerfile: deploy/Dockerfile, args: {SERVICE: peer-service}}
                    image: oltp-mesh/peer-service
                    environment:
                      MESH_PEER_ID: peer-1
                      SPRING_KAFKA_BOOTSTRAP_SERVERS: kafka:9092
                      SPRING_DATASOURCE_URL: jdbc:postgresql://postgres-peer-1:5432/postgres
                      MESH_KEY_DIR: /keys
                """).missingProperties()).singleElement().asString()
                .startsWith("peer-1: mesh.peer.configServiceUrl");
    }

    @Test
    void shouldReportAServiceWithoutItsDatabaseOrBroker() {
        assertThat(rules("""
                services:
                  router-service:
                    build: {context: ., dockerfile: deploy/Dockerfile, args: {SERVICE: router-service}}
                    image: oltp-mesh/router-service
                    environment:
                      MESH_ROUTER_CONFIG_SERVICE_URL: http://config-service:8081
                  config-service:
                    build: {context: ., dockerfile: deploy/Dockerfile, args: {SERVICE: config-service}}
                    image: oltp-mesh/config-service
                    environment:
                      SPRING_KAFKA_BOOTSTRAP_SERVERS: kafka:9092
                      MESH_CONFIG_SERVICE_ADMIN_KEY: ${MESH_ADMIN_KEY:?set it}
                """).missingProperties()).containsExactly(
                "router-service: spring.kafka.bootstrap-servers is not set: router-service would look for Kafka "
                        + "in its own container",
                "config-service: spring.datasource.url is not set: config-service keeps its data in PostgreSQL");
    }

    @Test
    void shouldRefuseKafkaTopicsOutsideAVolume() {
        assertThat(rules("""
                services:
                  kafka:
                    image: apache/kafka:4.2.2
                    environment:
                      KAFKA_LOG_DIRS: /var/lib/kafka/data
                    volumes: ["./deploy/kafka:/etc/mesh/kafka:ro"]
                  postgres-config:
                    image: postgres:18
                    volumes: ["pg-config:/var/lib/postgresql"]
                volumes:
                  pg-config:
                """).dataOffVolumes()).containsExactly(
                "kafka keeps /var/lib/kafka/data in its container, not on a named volume");
    }

    @Test
    void shouldRefuseAnUndocumentedPortOrVolumeOrVariable() {
        assertThat(rules("""
                # Port 8080: the gateway.
                services:
                  gateway-service:
                    image: oltp-mesh/gateway-service
                    ports: ["8080:8080", "127.0.0.1:9999:9999"]
                    volumes: ["keys:/keys"]
                    environment:
                      MESH_ADMIN_KEY: ${MESH_ADMIN_KEY:?set it}
                volumes:
                  keys:
                """).undocumented("OTHER=\n")).containsExactly(
                "volume keys is not described in the file's opening comment",
                "gateway-service's port 9999 is not described in the file's opening comment",
                "required variable MESH_ADMIN_KEY is not in .env.example");
    }
}
