package dev.oltpmesh.config.table;

import dev.oltpmesh.config.web.ConfigException;
import dev.oltpmesh.model.schema.TableDefinition;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
class TableController {

    private final TableService service;
    private final TableRepository tables;

    TableController(TableService service, TableRepository tables) {
        this.service = service;
        this.tables = tables;
    }

    @PutMapping("/v1/admin/tables/{table}")
    ResponseEntity<TableDefinition> define(@PathVariable String table, @RequestBody TableRequest request) {
        TableService.Defined defined = service.define(table, request);
        return ResponseEntity.status(defined.created() ? HttpStatus.CREATED : HttpStatus.OK).body(defined.table());
    }

    @GetMapping("/v1/admin/tables")
    List<TableDefinition> list() {
        return tables.allLatest();
    }

    /** Also served to the other services, which look up a table defined a moment ago. */
    @GetMapping({"/v1/admin/tables/{table}", "/internal/tables/{table}"})
    TableDefinition get(@PathVariable String table, @RequestParam(required = false) Integer version) {
        var found = version == null ? tables.latest(table) : tables.version(table, version);
        return found.orElseThrow(() -> ConfigException.notFound("table '" + table + "'"
                + (version == null ? "" : " version " + version)));
    }
}
