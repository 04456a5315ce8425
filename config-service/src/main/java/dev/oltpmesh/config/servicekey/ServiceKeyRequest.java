package dev.oltpmesh.config.servicekey;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.oltpmesh.model.security.ServiceRole;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A service's public key to trust: {@code openssl pkey -in router.key -pubout}.
 *
 * @param service the service's id: "router", "gateway", "config", a peer's id
 */
record ServiceKeyRequest(@NotNull @Pattern(regexp = "[a-z][a-z0-9-]{0,62}") String service,
                         @NotNull @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES) ServiceRole role,
                         @NotNull @Size(max = 2000) String publicKey) {
}
