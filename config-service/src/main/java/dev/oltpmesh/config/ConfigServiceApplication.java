package dev.oltpmesh.config;

import dev.oltpmesh.support.identity.IdentityConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.util.Map;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@Import(IdentityConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class ConfigServiceApplication {

    /** The application with its own configuration file, so services can share one JVM. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ConfigServiceApplication.class)
                .properties(Map.of("spring.config.name", "config-service"));
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
