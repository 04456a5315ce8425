package dev.oltpmesh.bench.systems;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.oltpmesh.bench.Latencies;
import dev.oltpmesh.bench.Parallel;
import dev.oltpmesh.bench.Payment;
import dev.oltpmesh.bench.Plan;
import org.apache.shardingsphere.driver.api.ShardingSphereDataSourceFactory;
import org.apache.shardingsphere.infra.algorithm.core.config.AlgorithmConfiguration;
import org.apache.shardingsphere.sharding.api.config.ShardingRuleConfiguration;
import org.apache.shardingsphere.sharding.api.config.rule.ShardingAutoTableRuleConfiguration;
import org.apache.shardingsphere.sharding.api.config.strategy.sharding.StandardShardingStrategyConfiguration;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What a Java team would use instead: Apache ShardingSphere-JDBC over the peers' own PostgreSQL
 * servers, its table hash-sharded on account (HASH_MOD, one shard per server), batched inserts.
 */
public final class ShardingSphereLoad implements AutoCloseable {

    private static final String TABLE = "ss_payment";

    private final List<HikariDataSource> shards = new ArrayList<>();
    private final DataSource sharded;

    public ShardingSphereLoad(List<String> shardJdbcUrls, int poolSize) throws Exception {
        Map<String, DataSource> sources = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < shardJdbcUrls.size(); i++) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(shardJdbcUrls.get(i));
            config.setMaximumPoolSize(poolSize);
            HikariDataSource shard = new HikariDataSource(config);
            shards.add(shard);
            // HASH_MOD is an automatic table rule: shard i is table ss_payment_i, the i-th server holding it.
            try (Connection c = shard.getConnection(); Statement s = c.createStatement()) {
                s.execute(PostgresDirect.Sql.CREATE_PAYMENT.formatted(TABLE + "_" + i));
                s.execute("truncate " + TABLE + "_" + i);
            }
            sources.put("ds_" + i, shard);
            names.add("ds_" + i);
        }
        ShardingAutoTableRuleConfiguration table = new ShardingAutoTableRuleConfiguration(TABLE, String.join(",", names));
        table.setShardingStrategy(new StandardShardingStrategyConfiguration("account", "account_hash"));
        ShardingRuleConfiguration rule = new ShardingRuleConfiguration();
        rule.getAutoTables().add(table);
        Properties hash = new Properties();
        hash.setProperty("sharding-count", Integer.toString(shardJdbcUrls.size()));
        rule.getShardingAlgorithms().put("account_hash", new AlgorithmConfiguration("HASH_MOD", hash));
        sharded = ShardingSphereDataSourceFactory.createDataSource("bench", null, sources, List.of(rule),
                new Properties());
    }

    public void warmUp(Plan plan, List<List<Payment>> batches) throws Exception {
        Parallel.run(plan.clients(), batches, this::insert);
    }

    /** Rows/s into emptied shards, so the queries later compare tables of the same size. */
    public double rowsPerSecond(Plan plan, List<List<Payment>> batches) throws Exception {
        for (int i = 0; i < shards.size(); i++) {
            try (Connection c = shards.get(i).getConnection(); Statement s = c.createStatement()) {
                s.execute("truncate " + TABLE + "_" + i);
            }
        }
        long nanos = Parallel.run(plan.clients(), batches, this::insert);
        return Parallel.perSecond(batches.stream().mapToLong(List::size).sum(), nanos);
    }

    /**
     * Vacuums and checkpoints its shards, which are the peers' servers: the work its writes left for
     * PostgreSQL's background processes is not counted in the next system's CPU.
     */
    public void settle() throws Exception {
        for (int i = 0; i < shards.size(); i++) {
            try (Connection c = shards.get(i).getConnection(); Statement s = c.createStatement()) {
                s.execute("vacuum analyze " + TABLE + "_" + i);
                s.execute("checkpoint");
            }
        }
    }

    public void load(Plan plan, List<List<Payment>> batches) throws Exception {
        Parallel.run(plan.clients(), batches, this::insert);
    }

    private void insert(List<Payment> batch) throws Exception {
        try (Connection c = sharded.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(PostgresDirect.Sql.INSERT_PAYMENT.formatted(TABLE))) {
                PostgresDirect.Sql.bind(insert, batch);
                insert.executeBatch();
            }
            c.commit();
        }
    }

    /** The top 100 by price over every shard, merged by ShardingSphere. */
    public Latencies topHundred(int runs) throws Exception {
        return measure(runs, c -> {
            try (PreparedStatement q = c.prepareStatement("select account, id, qty, price, ts from " + TABLE
                    + " order by price desc limit 100"); ResultSet rs = q.executeQuery()) {
                return drain(rs);
            }
        });
    }

    /** One row by its key, routed to one shard. */
    public Latencies point(int runs, List<Payment> keys) throws Exception {
        int[] next = {0};
        return measure(runs, c -> {
            Payment key = keys.get(next[0]++ % keys.size());
            try (PreparedStatement q = c.prepareStatement("select account, id, qty, price, ts from " + TABLE
                    + " where account = ? and id = ?")) {
                q.setString(1, key.account());
                q.setObject(2, key.id());
                try (ResultSet rs = q.executeQuery()) {
                    return drain(rs);
                }
            }
        });
    }

    private interface Query {
        int run(Connection c) throws Exception;
    }

    private Latencies measure(int runs, Query query) throws Exception {
        Latencies latencies = new Latencies();
        try (Connection c = sharded.getConnection()) {
            for (int i = 0; i < runs; i++) {
                query.run(c);
            }
            for (int i = 0; i < runs; i++) {
                long started = System.nanoTime();
                if (query.run(c) == 0) {
                    throw new IllegalStateException("a benchmark query found no rows");
                }
                latencies.record(System.nanoTime() - started);
            }
        }
        return latencies;
    }

    private static int drain(ResultSet rs) throws Exception {
        int rows = 0;
        while (rs.next()) {
            rs.getString(1);
            rs.getObject(2);
            rs.getLong(3);
            rs.getBigDecimal(4);
            rs.getTimestamp(5);
            rows++;
        }
        return rows;
    }

    @Override
    public void close() throws Exception {
        if (sharded instanceof AutoCloseable closeable) {
            closeable.close();
        }
        shards.forEach(HikariDataSource::close);
    }
}
