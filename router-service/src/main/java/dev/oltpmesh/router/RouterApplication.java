package dev.oltpmesh.router;

import dev.oltpmesh.support.identity.IdentityConfiguration;
import dev.oltpmesh.support.kafka.KafkaTracingConfiguration;
import dev.oltpmesh.support.security.InternalServiceSecurity;
import dev.oltpmesh.support.config.ConfigFollowingConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.util.Map;
import java.util.Set;

@SpringBootApplication(excludeName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration"})
@ConfigurationPropertiesScan
@Import({ConfigFollowingConfiguration.class, IdentityConfiguration.class, KafkaTracingConfiguration.class,
        InternalServiceSecurity.class})
public class RouterApplication {

    /** The router serves no other service: its internal door stays shut. */
    @Bean
    InternalServiceSecurity.InternalCallers internalCallers() {
        return new InternalServiceSecurity.InternalCallers(Set.of());
    }

    /** The application with its own configuration file, so services can share one JVM. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(RouterApplication.class)
                .properties(Map.of("spring.config.name", "router-service"));
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
