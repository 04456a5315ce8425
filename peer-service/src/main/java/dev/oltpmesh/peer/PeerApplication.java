package dev.oltpmesh.peer;

import dev.oltpmesh.support.identity.IdentityConfiguration;
import dev.oltpmesh.support.config.ConfigFollowingConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.util.Map;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import({ConfigFollowingConfiguration.class, IdentityConfiguration.class})
@EnableScheduling
public class PeerApplication {

    /** The application with its own configuration file, so services can share one JVM. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(PeerApplication.class)
                .properties(Map.of("spring.config.name", "peer-service"));
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
