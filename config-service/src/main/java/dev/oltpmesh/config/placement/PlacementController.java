package dev.oltpmesh.config.placement;

import dev.oltpmesh.config.table.TableRepository;
import dev.oltpmesh.model.placement.PlacementSpec;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.TreeMap;

@RestController
class PlacementController {

    record PlacementMap(long version, Map<String, PlacementSpec> tables) {
    }

    private final PlacementVersions versions;
    private final TableRepository tables;
    private final PlacementChanges changes;
    private final Draining draining;
    private final Rebalancing rebalancing;

    PlacementController(PlacementVersions versions, TableRepository tables, PlacementChanges changes,
                        Draining draining, Rebalancing rebalancing) {
        this.draining = draining;
        this.rebalancing = rebalancing;
        this.versions = versions;
        this.tables = tables;
        this.changes = changes;
    }

    @PostMapping("/v1/admin/placement/changes")
    PlacementChanges.Applied change(@RequestBody PlacementChangeRequest request) {
        return changes.apply(request);
    }

    /** Moves everything the peer owns to the others and stops new rows going to it; RETIRED once done. */
    @PostMapping("/v1/admin/peers/{id}/drain")
    @ResponseStatus(HttpStatus.ACCEPTED)
    PlacementChanges.Applied drain(@PathVariable String id) {
        return draining.drain(id);
    }

    /** Evens HASH tables' rows over the active peers by moving shards; {@code dryRun} only shows the plan. */
    @PostMapping("/v1/admin/rebalance")
    Rebalancing.Plan rebalance(@RequestParam(defaultValue = "false") boolean dryRun) {
        return rebalancing.rebalance(dryRun);
    }

    @GetMapping("/v1/admin/placement")
    @Transactional(readOnly = true)
    PlacementMap placement() {
        Map<String, PlacementSpec> byTable = new TreeMap<>();
        tables.allLatest().forEach(t -> byTable.put(t.name(), t.placement()));
        return new PlacementMap(versions.current(), byTable);
    }
}
