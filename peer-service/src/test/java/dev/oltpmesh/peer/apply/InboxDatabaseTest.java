package dev.oltpmesh.peer.apply;

import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.peer.schema.TableMaterializer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

/**
 * The inbox's writes against a real PostgreSQL. It waits briefly for locks; what it does when the
 * wait runs out depends on what it waited for, as PostgreSQL reports it: a key an undecided
 * transaction holds refuses the part, anything else is applied again.
 */
class InboxDatabaseTest {

    private static final TableDefinition TABLE = new TableDefinition("lk", 1,
            List.of(new ColumnDefinition("id", ColumnType.BIGINT, false)), List.of("id"),
            new ReplicatedPlacement(List.of("peer-1")));

    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;
    private static TransactionTemplate transactions;
    private static RowWriter writer;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("max_prepared_transactions", "4").start();
        dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/peer-migration").load().migrate();
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        new TableMaterializer(JdbcClient.create(dataSource), transactions).createIfMissing(TABLE);
        writer = new RowWriter(new JdbcTemplate(dataSource));
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    /** Inserts the row as the inbox does, in its transaction with the brief lock wait; the failure, if any. */
    private static RuntimeException insertAsTheInbox(long id, boolean skipDuplicates) {
        return catchRuntimeException(() -> transactions.executeWithoutResult(status -> {
            writer.waitBrieflyForLocks();
            writer.insert(TABLE, List.of(Map.of("id", id)), i -> i, UUID.randomUUID().toString(), 1, skipDuplicates);
        }));
    }

    @Test
    void shouldCountOnlyTheRowsStoredWhenDuplicatesAreIgnored() {
        String tx = UUID.randomUUID().toString();
        List<Map<String, Object>> rows = List.of(Map.of("id", 10L), Map.of("id", 11L), Map.of("id", 10L));

        Integer plain = transactions.execute(status -> writer.insert(TABLE, rows.subList(0, 1), i -> i,
                UUID.randomUUID().toString(), 1, false));
        Integer skipping = transactions.execute(status -> writer.insert(TABLE, rows, i -> i, tx, 2, true));

        assertThat(plain).isEqualTo(1);
        assertThat(skipping).as("11 only: 10 was stored already, and came twice").isEqualTo(1);
    }

    @Test
    void shouldRefuseAPartWhoseKeyAPreparedTransactionHolds() throws Exception {
        try (Connection other = dataSource.getConnection()) {
            other.createStatement().execute("begin");
            other.createStatement().execute("insert into lk (id, _tx, _seq, _row) values (1, gen_random_uuid(), 1, 0)");
            other.createStatement().execute("prepare transaction 'mesh:held-key'");
            try {
                RuntimeException plain = insertAsTheInbox(1, false);
                RuntimeException skipping = insertAsTheInbox(1, true);

                assertThat(plain).isNotNull();
                assertThat(FailureKind.isTransient(plain)).isFalse();
                assertThat(skipping).isNotNull();
                assertThat(FailureKind.isTransient(skipping)).isFalse();
            } finally {
                other.createStatement().execute("rollback prepared 'mesh:held-key'");
            }
        }
    }

    @Test
    void shouldApplyAgainAPartThatWaitedOnTheTableItself() throws Exception {
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            // What a table's change holds while it runs: inserts wait for it, whatever their keys.
            other.createStatement().execute("lock table lk in share row exclusive mode");
            try {
                RuntimeException failure = insertAsTheInbox(2, false);

                assertThat(failure).isNotNull();
                assertThat(FailureKind.isTransient(failure)).isTrue();
            } finally {
                other.rollback();
            }
        }
    }

    @Test
    void shouldTakeANewVersionOfTheTableWithoutWaitingForItsPreparedTransactions() throws Exception {
        // A placement change makes a new version of the table with the same columns: after a restart, the
        // first part of that version must not wait for a prepared transaction's decision, which may need
        // this very inbox to vote.
        TableDefinition replaced = new TableDefinition("lk", 2, TABLE.columns(), TABLE.primaryKey(),
                new ReplicatedPlacement(List.of("peer-1", "peer-2")));
        TableDefinition widened = new TableDefinition("lk", 3, List.of(TABLE.columns().get(0),
                new ColumnDefinition("note", ColumnType.TEXT, true)), TABLE.primaryKey(), replaced.placement());
        try (Connection other = dataSource.getConnection()) {
            other.createStatement().execute("begin");
            other.createStatement().execute("insert into lk (id, _tx, _seq, _row) values (3, gen_random_uuid(), 1, 0)");
            other.createStatement().execute("prepare transaction 'mesh:held-table'");
            try {
                TableMaterializer afterARestart = new TableMaterializer(JdbcClient.create(dataSource), transactions);
                RuntimeException failure = catchRuntimeException(() -> transactions.executeWithoutResult(status -> {
                    // Bounded here so that a wait fails the test instead of hanging it.
                    JdbcClient.create(dataSource).sql("set local lock_timeout = '2s'").update();
                    afterARestart.ensure(replaced);
                }));

                assertThat(failure).isNull();
                assertThat(afterARestart.isMaterialized(replaced)).isTrue();
            } finally {
                other.createStatement().execute("rollback prepared 'mesh:held-table'");
            }
        }
        TableMaterializer materializer = new TableMaterializer(JdbcClient.create(dataSource), transactions);
        transactions.executeWithoutResult(status -> materializer.ensure(widened));

        assertThat(JdbcClient.create(dataSource).sql("select version from mesh_tables where name = 'lk'")
                .query(Integer.class).single()).isEqualTo(3);
        assertThat(JdbcClient.create(dataSource).sql("select count(*) from information_schema.columns "
                + "where table_name = 'lk' and column_name = 'note'").query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void shouldNotWaitForTheTableDefinitionRowWhenTheTableIsUpToDate() throws Exception {
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            // What a move's copy holds while it stores a page, when it was the first to need the table.
            other.createStatement().execute("select version from mesh_tables where name = 'lk' for update");
            try {
                TableMaterializer afterARestart = new TableMaterializer(JdbcClient.create(dataSource), transactions);
                RuntimeException failure = catchRuntimeException(() -> transactions.executeWithoutResult(status -> {
                    writer.waitBrieflyForLocks();
                    afterARestart.ensure(TABLE);
                }));

                assertThat(failure).isNull();
                assertThat(afterARestart.isMaterialized(TABLE)).isTrue();
            } finally {
                other.rollback();
            }
        }
    }
}
