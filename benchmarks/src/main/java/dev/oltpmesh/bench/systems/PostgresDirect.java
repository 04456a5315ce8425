package dev.oltpmesh.bench.systems;

import dev.oltpmesh.bench.Parallel;
import dev.oltpmesh.bench.Payment;
import dev.oltpmesh.bench.Plan;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

/**
 * The ceiling of one peer: batched JDBC inserts into one PostgreSQL server of the same build the
 * peers run, one durable commit per batch, as many connections as the mesh has writers.
 */
public final class PostgresDirect implements AutoCloseable {

    private final EmbeddedPostgres pg;
    private final DataSource ds;

    public PostgresDirect() throws Exception {
        pg = EmbeddedPostgres.builder().setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on").start();
        ds = pg.getDatabase("postgres", "postgres", Map.of("reWriteBatchedInserts", "true"));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(Sql.CREATE_PAYMENT.formatted("payment"));
        }
    }

    public void warmUp(Plan plan, List<List<Payment>> batches) throws Exception {
        Parallel.run(plan.clients(), batches, this::insert);
    }

    /** Rows/s into an emptied table. */
    public double rowsPerSecond(Plan plan, List<List<Payment>> batches) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate payment");
        }
        long nanos = Parallel.run(plan.clients(), batches, this::insert);
        return Parallel.perSecond(batches.stream().mapToLong(List::size).sum(), nanos);
    }

    private void insert(List<Payment> batch) throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(Sql.INSERT_PAYMENT.formatted("payment"))) {
                Sql.bind(insert, batch);
                insert.executeBatch();
            }
            c.commit();
        }
    }

    @Override
    public void close() throws Exception {
        pg.close();
    }

    /** The same table and statements for PostgreSQL alone and for ShardingSphere's shards. */
    static final class Sql {

        static final String CREATE_PAYMENT = "create table if not exists %s (account text not null, id uuid not null, "
                + "qty bigint not null, price numeric, ts timestamptz, primary key (account, id))";
        static final String INSERT_PAYMENT = "insert into %s (account, id, qty, price, ts) values (?, ?, ?, ?, ?)";

        private Sql() {
        }

        static void bind(PreparedStatement insert, List<Payment> batch) throws java.sql.SQLException {
            for (Payment p : batch) {
                insert.setString(1, p.account());
                insert.setObject(2, p.id());
                insert.setLong(3, p.qty());
                insert.setBigDecimal(4, p.price());
                insert.setTimestamp(5, Timestamp.from(p.ts()));
                insert.addBatch();
            }
        }
    }
}
