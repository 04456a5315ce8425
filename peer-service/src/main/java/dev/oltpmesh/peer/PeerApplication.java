package dev.oltpmesh.peer;

import dev.oltpmesh.model.security.ServiceRole;
import dev.oltpmesh.support.config.ConfigFollowingConfiguration;
import dev.oltpmesh.support.identity.IdentityConfiguration;
import dev.oltpmesh.support.kafka.KafkaTracingConfiguration;
import dev.oltpmesh.support.security.InternalServiceSecurity;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.util.Map;
import java.util.Set;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import({ConfigFollowingConfiguration.class, IdentityConfiguration.class, KafkaTracingConfiguration.class, InternalServiceSecurity.class})
@EnableScheduling
public class PeerApplication {

    /**
     * Gateways query a peer and probe its status; the config service asks its status and table stats,
     * and has it copy rows from another peer (a backfill or a move), which reads them from that peer;
     * while a move is not live its target asks the source whether a key exists there.
     */
    @Bean
    InternalServiceSecurity.InternalCallers internalCallers() {
        return new InternalServiceSecurity.InternalCallers(Set.of(ServiceRole.GATEWAY, ServiceRole.CONFIG))
                .withPath("/internal/backfill/*/rows", Set.of(ServiceRole.PEER))
                .withPath("/internal/backfill/*/copy", Set.of(ServiceRole.CONFIG))
                .withPath("/internal/moves/*", Set.of(ServiceRole.CONFIG))
                .withPath("/internal/moves/*/rows", Set.of(ServiceRole.PEER))
                .withPath("/internal/moves/*/exists", Set.of(ServiceRole.PEER))
                .withPath("/internal/moves/*/copy", Set.of(ServiceRole.CONFIG))
                .withPath("/internal/moves/*/digest", Set.of(ServiceRole.CONFIG))
                .withPath("/internal/moves/*/purge", Set.of(ServiceRole.CONFIG))
                .withPath("/internal/moves/*/discard", Set.of(ServiceRole.CONFIG));
    }

    /** The application with its own configuration file, so services can share one JVM. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(PeerApplication.class)
                .properties(Map.of("spring.config.name", "peer-service"));
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
