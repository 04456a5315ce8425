package dev.oltpmesh.gateway.status;

import dev.oltpmesh.gateway.security.Clients;
import dev.oltpmesh.gateway.web.GatewayException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Transactions", description = "A transaction's outcome; a key of the client that submitted it, or admin.")
class TxStatusController {

    private final TxStatusView view;

    TxStatusController(TxStatusView view) {
        this.view = view;
    }

    @GetMapping("/v1/tx/{txId}")
    @Operation(summary = "A transaction's status", description = "ACCEPTED, COMMITTED or FAILED; the router's "
            + "decision when it has several peers, and each peer's progress.")
    @ApiResponse(responseCode = "200", description = "its status")
    @ApiResponse(responseCode = "404", description = "no such transaction, or another client's")
    TxStatus getTransaction(@Parameter(example = "019ae0c4-5b1e-7c3a-9f21-3c5d7e9a1b20") @PathVariable String txId,
                    HttpServletRequest request) {
        // Another client's transaction is answered like one that does not exist: its id tells nothing.
        return view.status(txId).filter(s -> Clients.maySeeWorkOf(request, s.client()))
                .orElseThrow(() -> GatewayException.notFound("transaction " + txId));
    }
}
