package dev.oltpmesh.support.identity;

import dev.oltpmesh.model.security.ServiceRole;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A service's identity between servers.
 *
 * @param id       the service's id (a peer's is its peer id)
 * @param role     what kind of service it is; set by each application
 * @param keyDir   where {@code <id>.key} (PKCS#8 PEM, owner-only) and {@code <id>.pub} are
 * @param trustDir where the public keys of every service of the mesh are, one {@code <id>.pub} each
 *                 (a {@code # role: ROUTER} line, then the PEM); the same folder as {@code keyDir} on
 *                 a laptop, a ConfigMap in Kubernetes
 * @param unknownKeyGrace how long an event signed with a key not (yet) in the trust folder is held
 *                 before it is refused
 * @param generate whether a missing key pair is generated at start (laptops, compose); in production
 *                 keys come from secrets and a missing one is an error
 */
@Validated
@ConfigurationProperties("mesh.identity")
public record IdentityProperties(@NotNull @Pattern(regexp = "[a-z][a-z0-9-]{0,62}") String id,
                                 @NotNull ServiceRole role,
                                 @NotNull Path keyDir,
                                 Path trustDir,
                                 @DefaultValue("false") boolean generate,
                                 @DefaultValue("PT10S") @NotNull Duration unknownKeyGrace) {

    public Path trusted() {
        return trustDir == null ? keyDir : trustDir;
    }
}
