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

/**
 * The ceiling of one peer: batched JDBC inserts into one PostgreSQL server of the same build the
 * peers run, one durable commit per batch, as many connections as the mesh has writers.
 */
public final class PostgresDirect {

    private PostgresDirect() {
    }

    public static double rowsPerSecond(Plan plan, List<List<Payment>> warmUp, List<List<Payment>> batches)
            throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on").setServerConfig("full_page_writes", "on").start()) {
            DataSource ds = pg.getDatabase("postgres", "postgres",
                    java.util.Map.of("reWriteBatchedInserts", "true"));
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute(Sql.CREATE_PAYMENT.formatted("payment"));
            }
            Parallel.run(plan.clients(), warmUp, batch -> insert(ds, batch));
            long nanos = Parallel.run(plan.clients(), batches, batch -> insert(ds, batch));
            return Parallel.perSecond(batches.stream().mapToLong(List::size).sum(), nanos);
        }
    }

    private static void insert(DataSource ds, List<Payment> batch) throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(Sql.INSERT_PAYMENT.formatted("payment"))) {
                Sql.bind(insert, batch);
                insert.executeBatch();
            }
            c.commit();
        }
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
