package dev.oltpmesh.gateway.status;

import dev.oltpmesh.gateway.web.GatewayException;
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
    TxStatus status(@PathVariable String txId) {
        return view.status(txId).orElseThrow(() -> GatewayException.notFound("transaction " + txId));
    }
}
