package dev.oltpmesh.config.placement;

import dev.oltpmesh.config.table.TableRepository;
import dev.oltpmesh.model.placement.PlacementSpec;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@RestController
class PlacementController {

    record PlacementMap(long version, Map<String, PlacementSpec> tables) {
    }

    /** The placement version the group became, and the rows it moves. */
    record PlacementChanged(long version, List<PlacementEditor.PlannedMove> moves) {
    }

    private final PlacementVersions versions;
    private final TableRepository tables;
    private final PlacementChanges changes;

    PlacementController(PlacementVersions versions, TableRepository tables, PlacementChanges changes) {
        this.versions = versions;
        this.tables = tables;
        this.changes = changes;
    }

    @PostMapping("/v1/admin/placement/changes")
    PlacementChanged change(@RequestBody PlacementChangeRequest request) {
        PlacementChanges.Applied applied = changes.apply(request);
        return new PlacementChanged(applied.version(), applied.moves());
    }

    @GetMapping("/v1/admin/placement")
    @Transactional(readOnly = true)
    PlacementMap placement() {
        Map<String, PlacementSpec> byTable = new TreeMap<>();
        tables.allLatest().forEach(t -> byTable.put(t.name(), t.placement()));
        return new PlacementMap(versions.current(), byTable);
    }
}
