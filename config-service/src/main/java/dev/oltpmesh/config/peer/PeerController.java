package dev.oltpmesh.config.peer;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/v1/admin/peers")
class PeerController {

    private final PeerService service;
    private final PeerRepository peers;
    private final PeerStatusClient statusClient;

    PeerController(PeerService service, PeerRepository peers, PeerStatusClient statusClient) {
        this.service = service;
        this.peers = peers;
        this.statusClient = statusClient;
    }

    @PutMapping("/{peerId}")
    ResponseEntity<Map<String, Object>> register(@PathVariable String peerId, @RequestBody PeerRequest request) {
        boolean created = service.register(peerId, request);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .body(describe(peers.find(peerId).orElseThrow(), false));
    }

    /** Every peer with what it says of itself now: health, lag, round-trip time, rows. */
    @GetMapping
    List<Map<String, Object>> list() {
        return peers.all().parallelStream().map(p -> describe(p, true)).toList();
    }

    private Map<String, Object> describe(dev.oltpmesh.model.peer.PeerDefinition peer, boolean live) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", peer.id());
        out.put("queryUrl", peer.queryUrl());
        out.put("region", peer.region());
        out.put("status", peer.status().name());
        if (live) {
            long started = System.nanoTime();
            var status = statusClient.get(peer.queryUrl(), "/internal/status");
            out.put("health", status.isPresent() ? "UP" : "DOWN");
            out.put("roundTripMs", status.isPresent() ? (System.nanoTime() - started) / 1_000_000.0 : null);
            out.put("lag", status.map(s -> s.get("lag")).orElse(null));
            out.put("rows", status.map(s -> s.get("rows")).orElse(null));
        }
        return out;
    }
}
