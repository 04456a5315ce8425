package dev.oltpmesh.config.placement;

import dev.oltpmesh.config.table.TableRepository;
import dev.oltpmesh.model.placement.PlacementSpec;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.TreeMap;

@RestController
class PlacementController {

    record PlacementMap(long version, Map<String, PlacementSpec> tables) {
    }

    private final PlacementVersions versions;
    private final TableRepository tables;

    PlacementController(PlacementVersions versions, TableRepository tables) {
        this.versions = versions;
        this.tables = tables;
    }

    @GetMapping("/v1/admin/placement")
    @Transactional(readOnly = true)
    PlacementMap placement() {
        Map<String, PlacementSpec> byTable = new TreeMap<>();
        tables.allLatest().forEach(t -> byTable.put(t.name(), t.placement()));
        return new PlacementMap(versions.current(), byTable);
    }
}
