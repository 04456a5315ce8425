package dev.oltpmesh.gateway.write;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.security.Clients;
import dev.oltpmesh.gateway.status.TxStatus;
import dev.oltpmesh.gateway.status.TxStatusView;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.support.config.TableLookup;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

@RestController
class WriteController {

    private final TransactionAcceptor acceptor;
    private final TxStatusView statuses;
    private final TransactionRequestReader reader;
    private final GatewayProperties properties;

    WriteController(TransactionAcceptor acceptor, TxStatusView statuses, TableLookup tables, JsonMapper json,
                    GatewayProperties properties) {
        this.acceptor = acceptor;
        this.statuses = statuses;
        // Twice the body: room for canonical forms, and an event still well inside the 16 MiB a Kafka record may hold.
        this.reader = new TransactionRequestReader(tables, json, properties.maxRows(), 2L * properties.maxBodyBytes());
        this.properties = properties;
    }

    @PostMapping("/v1/tx")
    ResponseEntity<Object> submit(@RequestBody(required = false) byte[] body,
                                  @RequestParam(defaultValue = "accepted") String wait,
                                  @RequestParam(required = false) String timeout,
                                  @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                  HttpServletRequest request) throws InterruptedException {
        return write(body, wait, timeout, idempotencyKey, request,
                b -> reader.readTransaction(b, tables -> Clients.checkTables(request, tables)));
    }

    @PostMapping("/v1/tables/{table}/rows")
    ResponseEntity<Object> insertRows(@PathVariable String table, @RequestBody(required = false) byte[] body,
                                      @RequestParam(defaultValue = "accepted") String wait,
                                      @RequestParam(required = false) String timeout,
                                      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                      HttpServletRequest request) throws InterruptedException {
        Clients.checkTables(request, List.of(table));
        return write(body, wait, timeout, idempotencyKey, request, b -> reader.readTableRows(table, b));
    }

    @RequestMapping(path = {"/v1/tables/{table}/rows", "/v1/tables/{table}/rows/{key}"},
            method = {RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE})
    void refuseChange() {
        throw GatewayException.methodNotAllowed();
    }

    private ResponseEntity<Object> write(byte[] body, String wait, String timeout, String idempotencyKey,
                                         HttpServletRequest request, Function<byte[], List<TableRows>> read)
            throws InterruptedException {
        boolean waitCommitted = switch (wait) {
            case "accepted" -> false;
            case "committed" -> true;
            default -> throw GatewayException.invalidInput("wait must be 'accepted' or 'committed'");
        };
        Duration waitFor = parseTimeout(timeout);
        if (body != null && body.length > properties.maxBodyBytes()) {
            throw GatewayException.tooLarge("the body is over " + properties.maxBodyBytes() + " bytes");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw GatewayException.invalidInput("an Idempotency-Key must have 1 to 255 characters");
        }
        List<TableRows> inserts = read.apply(body);
        TransactionAcceptor.Accepted accepted = acceptor.accept(Clients.of(request), idempotencyKey, body, inserts);
        URI location = URI.create("/v1/tx/" + accepted.txId());
        if (waitCommitted) {
            var status = statuses.awaitFinal(accepted.txId(), waitFor);
            if (status.isPresent() && status.get().isFinal()) {
                return ResponseEntity.ok().location(location).body(status.get());
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("txId", accepted.txId());
        answer.put("status", statuses.status(accepted.txId()).map(TxStatus::status).orElse(TxStatus.ACCEPTED));
        answer.put("rows", accepted.rows());
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(location).body(answer);
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
