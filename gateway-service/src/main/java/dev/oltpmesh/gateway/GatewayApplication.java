package dev.oltpmesh.gateway;

import dev.oltpmesh.support.identity.IdentityConfiguration;
import dev.oltpmesh.support.kafka.KafkaTracingConfiguration;
import dev.oltpmesh.support.config.ConfigFollowingConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

import java.util.Map;

@SpringBootApplication(excludeName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration"})
@ConfigurationPropertiesScan
@Import({ConfigFollowingConfiguration.class, IdentityConfiguration.class, KafkaTracingConfiguration.class})
public class GatewayApplication {

    /** The application with its own configuration file, so services can share one JVM. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .properties(Map.of("spring.config.name", "gateway-service"));
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
