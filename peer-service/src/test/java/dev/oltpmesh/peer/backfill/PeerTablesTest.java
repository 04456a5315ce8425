package dev.oltpmesh.peer.backfill;

import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a peer keeps its tables on a real PostgreSQL. */
class PeerTablesTest {

    @RegisterExtension
    static final PeerDatabase DATABASE = new PeerDatabase();

    @Test
    void shouldKeepAutovacuumFromTakingAnExclusiveLockOnAnyTableThePeerWritesTo() {
        TableDefinition orders = new TableDefinition("orders", 1,
                List.of(new ColumnDefinition("id", ColumnType.BIGINT, false)), List.of("id"),
                new HashPlacement("id", 4, List.of("peer-1", "peer-1", "peer-1", "peer-1")));
        DATABASE.transactions().executeWithoutResult(status -> DATABASE.materializer().ensure(orders));

        List<String> truncatable = DATABASE.jdbc().sql("""
                        select c.relname from pg_class c where c.relnamespace = current_schema()::regnamespace
                            and c.relkind = 'r' and c.relname <> 'flyway_schema_history'
                            and not coalesce(c.reloptions @> array['vacuum_truncate=false'], false)
                        union all
                        select c.relname || ' (TOAST)' from pg_class c join pg_class t on t.oid = c.reltoastrelid
                        where c.relnamespace = current_schema()::regnamespace and c.relname <> 'flyway_schema_history'
                            and not coalesce(t.reloptions @> array['vacuum_truncate=false'], false)""")
                .query(String.class).list();

        assertThat(truncatable).as("tables whose end autovacuum may cut off under an exclusive lock").isEmpty();
        assertThat(DATABASE.jdbc().sql("select count(*) from pg_class where relname in ('orders', 'mesh_outbox')")
                .query(Long.class).single()).isEqualTo(2);
    }
}
