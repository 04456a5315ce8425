package dev.oltpmesh.gateway.admin;

import dev.oltpmesh.model.security.ServiceKey;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** API keys and the services' public keys, forwarded to the config service; role admin. */
@RestController
@Tag(name = "Admin: keys", description = "API keys, and the public keys services sign with; a key with the role admin.")
class KeyAdmin {

    private final AdminForwarder forwarder;

    KeyAdmin(AdminForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @PostMapping("/v1/admin/keys")
    @Operation(summary = "Create an API key", description = "The secret is in this answer only; keys are stored as "
            + "SHA-256 hashes.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            schema = @Schema(implementation = Keys.ApiKeyRequest.class), examples = {
            @ExampleObject(name = "a writer of one table", value = """
                    {"name":"shop","role":"WRITER","tables":["payment"]}"""),
            @ExampleObject(name = "a reader of every table", value = """
                    {"name":"reports","role":"READER"}""")}))
    @ApiResponse(responseCode = "201", description = "created; the secret shown this once",
            content = @Content(schema = @Schema(implementation = Keys.CreatedApiKey.class)))
    ResponseEntity<byte[]> createApiKey(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        return forwarder.forward(request, body);
    }

    @GetMapping("/v1/admin/keys")
    @Operation(summary = "Every API key, never a secret")
    @ApiResponse(responseCode = "200", description = "the keys",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = Keys.ApiKey.class))))
    ResponseEntity<byte[]> listApiKeys(HttpServletRequest request) {
        return forwarder.forward(request, null);
    }

    @DeleteMapping("/v1/admin/keys/{id}")
    @Operation(summary = "Revoke an API key", description = "Within seconds every gateway refuses it.")
    @Parameter(name = "id", in = ParameterIn.PATH, required = true, example = "key-3", schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "204", description = "revoked", content = @Content)
    @ApiResponse(responseCode = "404", description = "no such key")
    @ApiResponse(responseCode = "409", description = "the last admin key cannot be revoked")
    ResponseEntity<byte[]> revokeApiKey(HttpServletRequest request) {
        return forwarder.forward(request, null);
    }

    @PostMapping("/v1/admin/service-keys")
    @Operation(summary = "Trust a service's new public key (a rotation)")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            schema = @Schema(implementation = Keys.ServiceKeyRequest.class),
            examples = @ExampleObject(name = "the router's new key", value = """
                    {"service":"router","role":"router",
                     "publicKey":"-----BEGIN PUBLIC KEY-----\\nMCowBQYDK2VwAyEA...\\n-----END PUBLIC KEY-----\\n"}""")))
    @ApiResponse(responseCode = "201", description = "registered, with its keyId",
            content = @Content(schema = @Schema(implementation = ServiceKey.class)))
    @ApiResponse(responseCode = "409", description = "the key is registered for another service, or was revoked")
    ResponseEntity<byte[]> registerServiceKey(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        return forwarder.forward(request, body);
    }

    @GetMapping("/v1/admin/service-keys")
    @Operation(summary = "Every registered service key, with revocations")
    @ApiResponse(responseCode = "200", description = "the keys",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = ServiceKey.class))))
    ResponseEntity<byte[]> listServiceKeys(HttpServletRequest request) {
        return forwarder.forward(request, null);
    }

    @DeleteMapping("/v1/admin/service-keys/{keyId}")
    @Operation(summary = "Revoke a service key", description = "Answered once every service can see the revocation.")
    @Parameter(name = "keyId", in = ParameterIn.PATH, required = true, schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "204", description = "revoked", content = @Content)
    @ApiResponse(responseCode = "404", description = "no such key")
    ResponseEntity<byte[]> revokeServiceKey(HttpServletRequest request) {
        return forwarder.forward(request, null);
    }
}
