package dev.oltpmesh.bench.systems;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.oltpmesh.bench.OpenLoop;
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
 * The ceiling of one peer, set up as a team would use one PostgreSQL server: the same build the
 * peers run with durable commits, a Hikari pool of as many connections as the mesh has writers,
 * prepared statements and batched inserts ({@code reWriteBatchedInserts}), one commit per batch.
 */
public final class PostgresDirect implements AutoCloseable {

    private final EmbeddedPostgres pg;
    private final HikariDataSource pool;
    private final DataSource unpooled;

    public PostgresDirect(int connections) throws Exception {
        pg = EmbeddedPostgres.builder().setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on").start();
        unpooled = pg.getDatabase("postgres", "postgres", Map.of("reWriteBatchedInserts", "true"));
        HikariConfig config = new HikariConfig();
        config.setDataSource(unpooled);
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(connections);
        config.setAutoCommit(false);
        config.setPoolName("postgres-direct");
        pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(Sql.CREATE_PAYMENT.formatted("payment"));
            c.commit();
        }
    }

    public void warmUp(Plan plan, List<List<Payment>> batches) throws Exception {
        Parallel.run(plan.clients(), batches, batch -> insert(pool, batch));
    }

    /** Rows/s into an emptied table, through the pool. */
    public double rowsPerSecond(Plan plan, List<List<Payment>> batches) throws Exception {
        return rowsPerSecond(plan, batches, pool);
    }

    /**
     * Rows/s as the harness measured PostgreSQL before it had a pool: a new connection for every
     * batch. Kept to show what the baseline was.
     */
    public double rowsPerSecondUnpooled(Plan plan, List<List<Payment>> batches) throws Exception {
        return rowsPerSecond(plan, batches, unpooled);
    }

    /** The process id of its server, whose CPU is not the mesh's. */
    public long serverPid() throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            long backend = rs.getLong(1);
            c.commit();
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + backend + "/stat"));
            // The backend's parent is the server (stat field 4, the second after the name).
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        }
    }

    /** One-row transactions, each a durable commit, offered at a fixed rate: the floor of a one-row commit. */
    public OpenLoop.Result committedLatency(int ratePerSecond, int seconds, Payment.Generator rows) throws Exception {
        List<Payment> payments = new java.util.ArrayList<>();
        for (int i = 0; i < ratePerSecond * seconds; i++) {
            payments.add(rows.next());
        }
        return OpenLoop.run(ratePerSecond, seconds, i -> insert(pool, List.of(payments.get(i))));
    }

    private static double rowsPerSecond(Plan plan, List<List<Payment>> batches, DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate payment");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        long nanos = Parallel.run(plan.clients(), batches, batch -> insert(ds, batch));
        return Parallel.perSecond(batches.stream().mapToLong(List::size).sum(), nanos);
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

    @Override
    public void close() throws Exception {
        pool.close();
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
