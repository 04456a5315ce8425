package dev.oltpmesh.peer.query;

import dev.oltpmesh.model.query.PeerQuery;
import dev.oltpmesh.peer.PeerProperties;
import dev.oltpmesh.peer.schema.SqlValues;
import dev.oltpmesh.support.config.TableLookup;
import dev.oltpmesh.peer.schema.TableMaterializer;
import dev.oltpmesh.support.web.MeshProblems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The peer's query endpoint for the gateway: rows of its own database only. */
@RestController
class QueryController {

    private final TableLookup catalog;
    private final TableMaterializer materializer;
    private final JdbcTemplate jdbc;
    private final PeerProperties properties;
    private final boolean byteOrderText;

    QueryController(TableLookup catalog, TableMaterializer materializer, DataSource dataSource,
                    PeerProperties properties) {
        this.catalog = catalog;
        this.materializer = materializer;
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout((int) properties.queryTimeout().toSeconds());
        this.properties = properties;
        String collation = jdbc.queryForObject(
                "select datcollate from pg_database where datname = current_database()", String.class);
        this.byteOrderText = "C".equals(collation) || "POSIX".equals(collation);
    }

    @PostMapping("/internal/query")
    List<Map<String, Object>> query(@RequestBody PeerQuery query) {
        var table = catalog.current(query.table())
                .orElseThrow(() -> new IllegalArgumentException("unknown table '" + query.table() + "'"));
        if (!materializer.exists(query.table())) {
            return List.of();
        }
        PeerSql.Statement statement = PeerSql.build(table, query, byteOrderText);
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
        long rows = materializer.exists(table)
                ? jdbc.queryForObject("select count(*) from " + TableMaterializer.quote(table), Long.class) : 0L;
        return Map.of("table", table, "peer", properties.id(), "rows", rows);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail onBadQuery(IllegalArgumentException e) {
        return MeshProblems.problem(HttpStatus.BAD_REQUEST, "invalid-query", e.getMessage());
    }
}
