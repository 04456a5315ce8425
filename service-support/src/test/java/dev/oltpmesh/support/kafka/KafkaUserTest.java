package dev.oltpmesh.support.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class KafkaUserTest {

    @TempDir
    Path dir;

    private StandardEnvironment environment(MockPropertySource properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(properties);
        new KafkaUser().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void shouldConnectWithScramAsTheUserWithThePasswordOfItsFile() throws Exception {
        Files.writeString(dir.resolve("gateway"), "0a1b2c3d\n");

        StandardEnvironment environment = environment(new MockPropertySource()
                .withProperty("mesh.kafka.user", "gateway")
                .withProperty("mesh.kafka.password-file", dir.resolve("gateway").toString()));

        assertThat(environment.getProperty("spring.kafka.properties.security.protocol")).isEqualTo("SASL_PLAINTEXT");
        assertThat(environment.getProperty("spring.kafka.properties.sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(environment.getProperty("spring.kafka.properties.sasl.jaas.config"))
                .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"gateway\" password=\"0a1b2c3d\";");
    }

    @Test
    void shouldFindThePasswordFileByTheUserNamedInIt() throws Exception {
        // As compose sets it: MESH_KAFKA_PASSWORD_FILE=/kafka-users/${MESH_KAFKA_USER}
        Files.writeString(dir.resolve("peer-2"), "feedc0de");

        StandardEnvironment environment = environment(new MockPropertySource()
                .withProperty("MESH_KAFKA_USER", "peer-2")
                .withProperty("mesh.kafka.user", "peer-2")
                .withProperty("mesh.kafka.password-file", dir + "/${MESH_KAFKA_USER}"));

        assertThat(environment.getProperty("spring.kafka.properties.sasl.jaas.config"))
                .contains("username=\"peer-2\" password=\"feedc0de\"");
    }

    @Test
    void shouldLeaveExplicitKafkaSettingsAlone() throws Exception {
        Files.writeString(dir.resolve("router"), "secret");

        StandardEnvironment environment = environment(new MockPropertySource()
                .withProperty("mesh.kafka.user", "router")
                .withProperty("mesh.kafka.password-file", dir.resolve("router").toString())
                .withProperty("spring.kafka.properties.security.protocol", "SASL_SSL"));

        assertThat(environment.getProperty("spring.kafka.properties.security.protocol")).isEqualTo("SASL_SSL");
        StandardEnvironment overTls = environment(new MockPropertySource()
                .withProperty("mesh.kafka.user", "router")
                .withProperty("mesh.kafka.password-file", dir.resolve("router").toString())
                .withProperty("spring.kafka.security.protocol", "SASL_SSL"));
        assertThat(overTls.getProperty("spring.kafka.properties.security.protocol")).isEqualTo("SASL_SSL");
    }

    @Test
    void shouldChangeNothingWithoutAUser() {
        StandardEnvironment environment = environment(new MockPropertySource());

        assertThat(environment.getProperty("spring.kafka.properties.sasl.jaas.config")).isNull();
    }

    @Test
    void shouldRefuseToStartWhenThePasswordCannotBeRead() {
        assertThatIllegalStateException()
                .isThrownBy(() -> environment(new MockPropertySource()
                        .withProperty("mesh.kafka.user", "peer-1")
                        .withProperty("mesh.kafka.password-file", dir.resolve("missing").toString())))
                .withMessageContaining("cannot read the Kafka password of 'peer-1'");
        assertThatIllegalStateException()
                .isThrownBy(() -> environment(new MockPropertySource().withProperty("mesh.kafka.user", "peer-1")))
                .withMessageContaining("mesh.kafka.password-file is not set");
        assertThatIllegalStateException()
                .isThrownBy(() -> environment(new MockPropertySource()
                        .withProperty("mesh.kafka.password-file", dir.resolve("peer-1").toString())))
                .withMessageContaining("mesh.kafka.user is not");
    }

    @Test
    void shouldRefuseAPasswordThatWouldBreakOutOfTheLoginConfiguration() throws Exception {
        Files.writeString(dir.resolve("config"), "x\" username=\"operator");

        assertThatIllegalStateException()
                .isThrownBy(() -> environment(new MockPropertySource()
                        .withProperty("mesh.kafka.user", "config")
                        .withProperty("mesh.kafka.password-file", dir.resolve("config").toString())))
                .withMessageContaining("without quotes");
        Files.writeString(dir.resolve("config"), "\n");
        assertThatIllegalStateException()
                .isThrownBy(() -> environment(new MockPropertySource()
                        .withProperty("mesh.kafka.user", "config")
                        .withProperty("mesh.kafka.password-file", dir.resolve("config").toString())))
                .withMessageContaining("non-empty");
    }
}
