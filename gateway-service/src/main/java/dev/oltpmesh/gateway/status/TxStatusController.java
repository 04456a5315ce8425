package dev.oltpmesh.gateway.status;

import dev.oltpmesh.gateway.security.Clients;
import dev.oltpmesh.gateway.web.GatewayException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TxStatusController {

    private final TxStatusView view;

    TxStatusController(TxStatusView view) {
        this.view = view;
    }

    @GetMapping("/v1/tx/{txId}")
    TxStatus status(@PathVariable String txId, HttpServletRequest request) {
        // Another client's transaction is answered like one that does not exist: its id tells nothing.
        return view.status(txId).filter(s -> Clients.maySeeWorkOf(request, s.client()))
                .orElseThrow(() -> GatewayException.notFound("transaction " + txId));
    }
}
