package dev.oltpmesh.support.kafka;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A service's Kafka identity: {@code mesh.kafka.user} and the file holding its password,
 * {@code mesh.kafka.password-file} (a mounted Secret, the compose users volume, the embedded
 * {@code DIR/kafka-users/}), become SCRAM settings on every Kafka client the service makes, so the
 * password never sits in an environment variable or a command line. Settings given explicitly under
 * {@code spring.kafka.properties} still win. Without a user, clients connect as configured.
 */
public final class KafkaUser implements EnvironmentPostProcessor, Ordered {

    static final String USER = "mesh.kafka.user";
    static final String PASSWORD_FILE = "mesh.kafka.password-file";
    private static final String PREFIX = "spring.kafka.properties.";

    /** What a client of this user sets to authenticate: SCRAM-SHA-512 over SASL_PLAINTEXT. */
    public static Map<String, String> clientSettings(String user, String password) {
        return settings(user, password, "SASL_PLAINTEXT");
    }

    private static Map<String, String> settings(String user, String password, String protocol) {
        if (!quotable(user) || !quotable(password)) {
            throw new IllegalStateException("the Kafka user and password of '" + user
                    + "' must be non-empty, without quotes, backslashes or spaces");
        }
        return Map.of("security.protocol", protocol,
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";");
    }

    /** Whether the value can stand between quotes in a JAAS configuration without ending them. */
    private static boolean quotable(String value) {
        return !value.isEmpty() && value.chars().noneMatch(c -> c == '"' || c == '\\' || Character.isWhitespace(c));
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String user = environment.getProperty(USER);
        String passwordFile = environment.getProperty(PASSWORD_FILE);
        if (user == null || user.isBlank()) {
            if (passwordFile != null && !passwordFile.isBlank()) {
                throw new IllegalStateException(PASSWORD_FILE + " is set but " + USER + " is not");
            }
            return;
        }
        if (passwordFile == null || passwordFile.isBlank()) {
            throw new IllegalStateException(USER + " is '" + user + "' but " + PASSWORD_FILE + " is not set");
        }
        String password;
        try {
            password = Files.readString(Path.of(passwordFile)).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Kafka password of '" + user + "' from " + passwordFile, e);
        }
        Map<String, Object> properties = new HashMap<>();
        // Spring Boot's own spring.kafka.security.protocol (say SASL_SSL) is kept: the map set here wins over it.
        String protocol = environment.getProperty("spring.kafka.security.protocol", "SASL_PLAINTEXT");
        settings(user, password, protocol)
                .forEach((key, value) -> properties.put(PREFIX + key, value));
        environment.getPropertySources().addLast(new MapPropertySource("meshKafkaUser", properties));
    }

    @Override
    public int getOrder() {
        // After the configuration files (and config trees) are read, which may name the user.
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
