package dev.oltpmesh.config.apikey;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.oltpmesh.model.security.ApiRole;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Set;

/**
 * A key to create.
 *
 * @param role   reader, writer, admin or monitor (any case)
 * @param name   the client the key stands for (several keys may share it, e.g. while one replaces another)
 * @param tables the tables a reader or writer key may use; omitted or empty for every table
 */
record ApiKeyRequest(@NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._@-]{0,99}",
                             message = "must be 1 to 100 letters, digits, '.', '_', '@' or '-', starting with a letter or digit")
                     String name,
                     @NotNull @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES) ApiRole role,
                     @Size(max = 1000) Set<@NotNull String> tables) {
}
