package dev.oltpmesh.config.table;

import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.schema.TableDefinition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

/** Table versions; every version stays, the highest is the table's current definition. */
@Repository
public class TableRepository {

    private final JdbcClient jdbc;

    TableRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<TableDefinition> latest(String name) {
        return jdbc.sql("select definition::text from table_versions where name = ? order by version desc limit 1")
                .param(name).query(String.class).optional().map(TableRepository::read);
    }

    public Optional<TableDefinition> version(String name, int version) {
        return jdbc.sql("select definition::text from table_versions where name = ? and version = ?")
                .param(name).param(version).query(String.class).optional().map(TableRepository::read);
    }

    public List<TableDefinition> allLatest() {
        return jdbc.sql("""
                        select distinct on (name) definition::text from table_versions
                        order by name, version desc""")
                .query(String.class).list().stream().map(TableRepository::read).toList();
    }

    public void insert(TableDefinition table, long placementVersion) {
        jdbc.sql("insert into table_versions (name, version, definition, placement_version) values (?, ?, ?::jsonb, ?)")
                .param(table.name()).param(table.version()).param(new String(MeshJson.toBytes(table)))
                .param(placementVersion).update();
    }

    private static TableDefinition read(String json) {
        return MeshJson.mapper().readValue(json, TableDefinition.class);
    }
}
