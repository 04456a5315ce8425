package dev.oltpmesh.gateway.write;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.security.Clients;
import dev.oltpmesh.gateway.status.TxStatus;
import dev.oltpmesh.gateway.status.TxStatusView;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.support.config.TableLookup;
import dev.oltpmesh.gateway.web.ApiDocumentation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/** Writes: transactions of inserts, for keys with the role writer (or admin). */
@RestController
@Tag(name = "Writes", description = "Transactions of inserts; a key with the role writer or admin. Rows are insert-only.")
class WriteController {

    private static final String PAYMENT_TX = """
            {"inserts":[{"table":"payment","rows":[
              {"account":"alice","id":"0b9f4a5e-3f35-4a36-9b4e-6a1b8f4f2c01","qty":5,"price":"12.50","ts":"2026-11-23T10:00:00Z"},
              {"account":"bob","id":"4c1f7a2e-9a0d-4c77-8a55-0e4f2b9d3a12","qty":7,"price":"3.10","ts":"2026-11-23T10:01:00Z"}]}]}""";
    private static final String PAYMENT_ROWS = """
            [{"account":"alice","id":"0b9f4a5e-3f35-4a36-9b4e-6a1b8f4f2c01","qty":5,"price":"12.50","ts":"2026-11-23T10:00:00Z"},
             {"account":"bob","id":"4c1f7a2e-9a0d-4c77-8a55-0e4f2b9d3a12","qty":7,"price":"3.10","ts":"2026-11-23T10:01:00Z"}]""";

    private final TransactionAcceptor acceptor;
    private final TxStatusView statuses;
    private final TransactionRequestReader reader;
    private final GatewayProperties properties;

    WriteController(TransactionAcceptor acceptor, TxStatusView statuses, TableLookup tables, JsonMapper json,
                    GatewayProperties properties) {
        this.acceptor = acceptor;
        this.statuses = statuses;
        this.reader = WriteLimits.reader(tables, json, properties);
        this.properties = properties;
    }

    @PostMapping("/v1/tx")
    @Operation(summary = "Submit a transaction",
            description = "Inserts into one or more tables, all stored or none. With wait=committed the answer waits "
                    + "(at most timeout) for the outcome. The same Idempotency-Key with the same body answers the "
                    + "same txId and stores nothing twice.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = TransactionRequest.class),
            examples = @ExampleObject(name = "two payments", value = PAYMENT_TX)))
    @ApiResponse(responseCode = "200", description = "wait=committed: the outcome, COMMITTED or FAILED, with each peer's part",
            content = @Content(schema = @Schema(implementation = TxStatus.class)))
    @ApiResponse(responseCode = "202", description = "durably on Kafka; with wait=committed, the timeout passed first",
            content = @Content(schema = @Schema(implementation = TxAccepted.class)))
    @ApiResponse(responseCode = "409", description = "the first request with this Idempotency-Key is still in flight")
    @ApiResponse(responseCode = "413", description = "over the body or row limits")
    @ApiResponse(responseCode = "422", description = "this Idempotency-Key came before with a different body")
    ResponseEntity<Record> submitTransaction(@RequestBody(required = false) byte[] body,
                                  @Parameter(description = "accepted: answer once on Kafka; committed: once final",
                                          schema = @Schema(allowableValues = {"accepted", "committed"}))
                                  @RequestParam(defaultValue = "accepted") String wait,
                                  @Parameter(description = "how long wait=committed waits (ISO-8601; default PT5S)",
                                          example = "PT5S")
                                  @RequestParam(required = false) String timeout,
                                  @Parameter(description = "makes a retry safe: 1 to 255 characters, per client")
                                  @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                  HttpServletRequest request) throws InterruptedException {
        return write(body, wait, timeout, idempotencyKey, request,
                b -> reader.readTransaction(b, tables -> Clients.checkTables(request, tables)));
    }

    @PostMapping("/v1/tables/{table}/rows")
    @Operation(summary = "Insert rows into one table", description = "The same as POST /v1/tx for one table.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = ApiDocumentation.ROWS),
            examples = @ExampleObject(name = "two payments", value = PAYMENT_ROWS)))
    @ApiResponse(responseCode = "200", description = "wait=committed: the outcome, COMMITTED or FAILED, with each peer's part",
            content = @Content(schema = @Schema(implementation = TxStatus.class)))
    @ApiResponse(responseCode = "202", description = "durably on Kafka; with wait=committed, the timeout passed first",
            content = @Content(schema = @Schema(implementation = TxAccepted.class)))
    @ApiResponse(responseCode = "409", description = "the first request with this Idempotency-Key is still in flight")
    @ApiResponse(responseCode = "413", description = "over the body or row limits")
    @ApiResponse(responseCode = "422", description = "this Idempotency-Key came before with a different body")
    ResponseEntity<Record> insertRows(@Parameter(example = "payment") @PathVariable String table,
                                      @RequestBody(required = false) byte[] body,
                                      @Parameter(description = "accepted: answer once on Kafka; committed: once final",
                                              schema = @Schema(allowableValues = {"accepted", "committed"}))
                                      @RequestParam(defaultValue = "accepted") String wait,
                                      @Parameter(description = "how long wait=committed waits (ISO-8601; default PT5S)",
                                              example = "PT5S")
                                      @RequestParam(required = false) String timeout,
                                      @Parameter(description = "makes a retry safe: 1 to 255 characters, per client")
                                      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                      HttpServletRequest request) throws InterruptedException {
        Clients.checkTables(request, List.of(table));
        return write(body, wait, timeout, idempotencyKey, request, b -> reader.readTableRows(table, b));
    }

    @RequestMapping(path = {"/v1/tables/{table}/rows", "/v1/tables/{table}/rows/{key}"},
            method = {RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE})
    @ResponseStatus(HttpStatus.METHOD_NOT_ALLOWED)
    @Operation(summary = "Rows are insert-only", description = "Always 405: rows are never changed or deleted.")
    @ApiResponse(responseCode = "405", description = "rows are insert-only")
    void refuseChange() {
        throw GatewayException.methodNotAllowed();
    }

    private ResponseEntity<Record> write(byte[] body, String wait, String timeout, String idempotencyKey,
                                         HttpServletRequest request, Function<byte[], List<TableRows>> read)
            throws InterruptedException {
        boolean waitCommitted = switch (wait) {
            case "accepted" -> false;
            case "committed" -> true;
            default -> throw GatewayException.invalidInput("wait must be 'accepted' or 'committed'");
        };
        Duration waitFor = parseTimeout(timeout);
        WriteLimits.check(body, idempotencyKey, properties);
        List<TableRows> inserts = read.apply(body);
        TransactionAcceptor.Accepted accepted = acceptor.accept(Clients.of(request), idempotencyKey, body, inserts);
        URI location = URI.create("/v1/tx/" + accepted.txId());
        if (waitCommitted) {
            var status = statuses.awaitFinal(accepted.txId(), waitFor);
            if (status.isPresent() && status.get().isFinal()) {
                return ResponseEntity.ok().location(location).body(status.get());
            }
        }
        String status = statuses.status(accepted.txId()).map(TxStatus::status).orElse(TxStatus.ACCEPTED);
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(location)
                .body(new TxAccepted(accepted.txId(), status, accepted.rows()));
    }

    private Duration parseTimeout(String timeout) {
        if (timeout == null) {
            return Duration.ofSeconds(5);
        }
        try {
            Duration parsed = Duration.parse(timeout);
            if (parsed.isNegative()) {
                throw GatewayException.invalidInput("timeout must not be negative");
            }
            return parsed.compareTo(properties.maxWait()) > 0 ? properties.maxWait() : parsed;
        } catch (DateTimeParseException e) {
            throw GatewayException.invalidInput("timeout must be an ISO-8601 duration such as PT5S");
        }
    }
}
