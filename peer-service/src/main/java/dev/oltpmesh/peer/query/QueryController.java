package dev.oltpmesh.peer.query;

import dev.oltpmesh.model.query.PeerQuery;
import dev.oltpmesh.peer.PeerProperties;
import dev.oltpmesh.peer.schema.SqlValues;
import dev.oltpmesh.peer.schema.TableCatalog;
import dev.oltpmesh.support.web.MeshProblems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The peer's query endpoint for the gateway: rows of its own database only. */
@RestController
class QueryController {

    private final TableCatalog catalog;
    private final JdbcTemplate jdbc;
    private final JdbcClient client;
    private final PeerProperties properties;

    QueryController(TableCatalog catalog, JdbcTemplate jdbc, JdbcClient client, PeerProperties properties) {
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.client = client;
        this.properties = properties;
    }

    @PostMapping("/internal/query")
    List<Map<String, Object>> query(@RequestBody PeerQuery query) {
        var table = catalog.current(query.table())
                .orElseThrow(() -> new IllegalArgumentException("unknown table '" + query.table() + "'"));
        if (!materialized(query.table())) {
            return List.of();
        }
        PeerSql.Statement statement = PeerSql.build(table, query);
        jdbc.setQueryTimeout((int) properties.queryTimeout().toSeconds());
        return jdbc.query(statement.sql(), (rs, n) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (var column : statement.columns().entrySet()) {
                row.put(column.getKey(), SqlValues.fromResult(column.getValue(), rs, column.getKey()));
            }
            return row;
        }, statement.params().toArray());
    }

    @GetMapping("/internal/tables/{table}/stats")
    Map<String, Object> stats(@PathVariable String table) {
        long rows = materialized(table) ? client.sql("select count(*) from "
                + dev.oltpmesh.peer.schema.TableMaterializer.quote(table)).query(Long.class).single() : 0L;
        return Map.of("table", table, "peer", properties.id(), "rows", rows);
    }

    private boolean materialized(String table) {
        return client.sql("select count(*) from mesh_tables where name = ?").param(table).query(Long.class)
                .single() > 0;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail onBadQuery(IllegalArgumentException e) {
        return MeshProblems.problem(HttpStatus.BAD_REQUEST, "invalid-query", e.getMessage());
    }
}
