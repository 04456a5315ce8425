package dev.oltpmesh.peer.schema;

import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.ShardHash;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import jakarta.annotation.PostConstruct;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Creates a user table the first time a part needs it and appends the columns of later versions,
 * inside the applying transaction, so a table exists exactly when the rows that needed it do.
 * Every user table carries {@code _tx}, {@code _seq}, {@code _row} (the row's ordinal among its
 * transaction's rows of the table, so {@code (_tx, _row)} names one row on every peer, even without a
 * primary key), {@code _move} (set on rows a move copied in) and, when placed by HASH, {@code _shard};
 * it refuses UPDATE, DELETE and TRUNCATE.
 */
@Component
public class TableMaterializer {

    private final JdbcClient jdbc;
    private final Map<String, Integer> materialized = new ConcurrentHashMap<>();

    private final TransactionTemplate transactions;
    /** Creates a table in a transaction of its own, whatever transaction the caller is in. */
    private final TransactionTemplate alone;
    private final Map<String, Object> creating = new ConcurrentHashMap<>();

    /** The table and its TOAST table (large values) keep their pages (see {@link #keepVacuumFromTruncating}). */
    private static final String NO_VACUUM_TRUNCATE = "vacuum_truncate = false, toast.vacuum_truncate = false";

    public TableMaterializer(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.alone = new TransactionTemplate(Objects.requireNonNull(transactions.getTransactionManager()));
        this.alone.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Tables created by an older version of the peer are brought up to date before anything reads or
     * writes them. Those created before rows carried their ordinal get one (a constant default changes
     * only the catalog, not the rows).
     */
    @PostConstruct
    void upgradeOlderTables() {
        // Only where it is missing: an ALTER waits for every lock on the table, and a prepared transaction
        // that survived a crash holds one until its decision, which this peer reads only once started.
        for (String table : jdbc.sql("""
                        select name from mesh_tables t where not exists (select 1 from information_schema.columns c
                            where c.table_schema = current_schema() and c.table_name = t.name and c.column_name = '_row')""")
                .query(String.class).list()) {
            jdbc.sql("alter table " + quote(table) + " add column if not exists _row integer not null default 0")
                    .update();
        }
        addMoveColumns();
        keepVacuumFromTruncating();
    }

    /**
     * Tables created before {@code vacuum_truncate} was set get it too: autovacuum cutting empty pages
     * off a table's end (left by aborted or purged rows) holds an exclusive lock on it, which would
     * make the inbox's brief lock waits fail parts for no fault of theirs.
     */
    private void keepVacuumFromTruncating() {
        for (String table : jdbc.sql("""
                        select t.name from mesh_tables t join pg_class c on c.relname = t.name
                            and c.relnamespace = current_schema()::regnamespace
                        where not coalesce(c.reloptions @> array['vacuum_truncate=false'], false)""")
                .query(String.class).list()) {
            jdbc.sql("alter table " + quote(table) + " set (" + NO_VACUUM_TRUNCATE + ")").update();
        }
    }

    /**
     * Tables created before rows could move get {@code _move} (the move a copied row came with) and,
     * when placed by HASH, {@code _shard}, computed here for the rows they hold: a move selects its
     * shards by that column, so no row may lack it.
     */
    private void addMoveColumns() {
        for (String table : missing("_move")) {
            jdbc.sql("alter table " + quote(table) + " add column if not exists _move bigint").update();
            numberRows(table);
        }
        for (String table : missing("_shard")) {
            TableDefinition definition = jdbc.sql("select definition::text from mesh_tables where name = ?").param(table)
                    .query((rs, n) -> MeshJson.mapper().readValue(rs.getString(1), TableDefinition.class)).single();
            if (definition.placement() instanceof HashPlacement hash) {
                jdbc.sql("alter table " + quote(table) + " add column if not exists _shard integer").update();
                fillShards(definition, hash);
            }
        }
    }

    private List<String> missing(String column) {
        return jdbc.sql("""
                        select name from mesh_tables t where not exists (select 1 from information_schema.columns c
                            where c.table_schema = current_schema() and c.table_name = t.name and c.column_name = ?)""")
                .param(column).query(String.class).list();
    }

    /**
     * Rows stored before rows carried their ordinal all say 0: each gets its own, in the order they
     * were stored, so that {@code (_tx, _row)} tells them apart wherever they are copied.
     */
    private void numberRows(String table) {
        String name = quote(table);
        transactions.executeWithoutResult(status -> {
            jdbc.sql("set local mesh.system_change = 'on'").update();
            jdbc.sql("update " + name + " t set _row = r.n - 1 from (select ctid, row_number() over (partition by _tx "
                    + "order by _row, ctid) as n, count(*) over (partition by _tx, _row) as same from " + name
                    + ") r where t.ctid = r.ctid and r.same > 1").update();
        });
    }

    private void fillShards(TableDefinition table, HashPlacement hash) {
        ColumnType type = table.column(hash.column()).orElseThrow().type();
        String name = quote(table.name());
        int filled;
        do {
            filled = transactions.execute(status -> {
                jdbc.sql("set local mesh.system_change = 'on'").update();
                List<Object[]> keys = jdbc.sql("select " + quote(hash.column()) + ", ctid::text from " + name
                                + " where _shard is null limit 5000")
                        .query((rs, n) -> new Object[]{ShardHash.shardOf(type, SqlValues.fromResult(type, rs,
                                hash.column()), hash.shards()), rs.getString(2)})
                        .list();
                for (Object[] key : keys) {
                    jdbc.sql("update " + name + " set _shard = ? where ctid = cast(? as tid)").params(key).update();
                }
                return keys.size();
            });
        } while (filled > 0);
    }

    /** Whether this peer has created the table, i.e. has ever received rows for it. */
    public boolean exists(String table) {
        if (materialized.containsKey(table)) {
            return true;
        }
        var stored = jdbc.sql("select version from mesh_tables where name = ?").param(table).query(Integer.class)
                .optional();
        stored.ifPresent(version -> materialized.merge(table, version, Math::max));
        return stored.isPresent();
    }

    /** Whether this peer's database has the table at this version or a later one: nothing to create or alter. */
    public boolean isMaterialized(TableDefinition table) {
        Integer known = materialized.get(table.name());
        return known != null && known >= table.version();
    }

    /**
     * Must run inside a transaction. A table that does not exist yet is created first, in a
     * transaction of its own and one creator at a time (the inbox and a copy into this peer may both
     * need it): a table never exists only inside an undecided transaction, and never twice. A newer
     * version of the table alters it only to add the columns it lacks: most versions change only the
     * placement, and an ALTER waits for every transaction that holds rows of the table, prepared ones
     * too, whose decisions may wait for a vote queued behind this very part.
     */
    public void ensure(TableDefinition table) {
        if (isMaterialized(table)) {
            return;
        }
        createIfMissing(table);
        // Locked only to change the table: the inbox and a move's copy both come here after a restart, and
        // a copy holds its lock while it stores a page, longer than the inbox's brief lock waits.
        Integer committed = jdbc.sql("select version from mesh_tables where name = ?").param(table.name())
                .query(Integer.class).optional().orElse(null);
        Integer stored = committed != null && committed >= table.version() ? committed
                : jdbc.sql("select version from mesh_tables where name = ? for update").param(table.name())
                .query(Integer.class).optional().orElse(null);
        if (stored == null) {
            create(table);
        } else if (stored < table.version()) {
            Set<String> present = new HashSet<>(jdbc.sql("select attname from pg_attribute where attrelid = "
                            + "cast(? as regclass) and attnum > 0 and not attisdropped").param(quote(table.name()))
                    .query(String.class).list());
            for (ColumnDefinition column : table.columns()) {
                if (!present.contains(column.name())) {
                    jdbc.sql("alter table " + quote(table.name()) + " add column if not exists " + quote(column.name())
                            + " " + column.type().sqlType()).update();
                }
            }
            jdbc.sql("update mesh_tables set version = ?, definition = ?::jsonb, updated_at = now() where name = ?")
                    .param(table.version()).param(new String(MeshJson.toBytes(table))).param(table.name()).update();
        }
        int version = Math.max(stored == null ? 0 : stored, table.version());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                materialized.merge(table.name(), version, Math::max);
            }
        });
    }

    /**
     * Creates the table if this peer has not yet, in a transaction of its own, one creator at a time.
     * A caller that can should call it before opening its own transaction: it then holds no
     * connection while it waits for another creator.
     */
    public void createIfMissing(TableDefinition table) {
        if (exists(table.name())) {
            return;
        }
        synchronized (creating.computeIfAbsent(table.name(), name -> new Object())) {
            alone.executeWithoutResult(status -> {
                if (jdbc.sql("select count(*) from mesh_tables where name = ?").param(table.name())
                        .query(Long.class).single() == 0) {
                    create(table);
                }
            });
        }
    }

    private void create(TableDefinition table) {
        String columns = table.columns().stream()
                .map(c -> quote(c.name()) + " " + c.type().sqlType() + (c.nullable() ? "" : " not null"))
                .collect(Collectors.joining(", "));
        String key = table.primaryKey().isEmpty() ? ""
                : ", primary key (" + table.primaryKey().stream().map(TableMaterializer::quote)
                .collect(Collectors.joining(", ")) + ")";
        String name = quote(table.name());
        // _move: the move a copied row came with (null for rows routed here); _shard: a HASH row's shard.
        // No truncation by vacuum: its exclusive lock would fail the inbox's brief lock waits.
        String shard = table.placement() instanceof HashPlacement ? ", _shard integer" : "";
        jdbc.sql("create table " + name + " (" + columns + ", _tx uuid not null, _seq bigint not null, "
                        + "_row integer not null, _move bigint" + shard + key + ") with (" + NO_VACUUM_TRUNCATE + ")")
                .update();
        jdbc.sql("create index on " + name + " (_tx)").update();
        // Only copies: a move's digest and a retry's discard find them without reading the whole table.
        jdbc.sql("create index on " + name + " (_move) where _move is not null").update();
        // Trigger names are per table: fixed names cannot be cut to the same 63 bytes for a long table name.
        jdbc.sql("create trigger mesh_insert_only before update or delete on " + name
                + " for each row execute function mesh_refuse_change()").update();
        jdbc.sql("create trigger mesh_no_truncate before truncate on " + name
                + " for each statement execute function mesh_refuse_change()").update();
        jdbc.sql("insert into mesh_tables (name, version, definition) values (?, ?, ?::jsonb)")
                .param(table.name()).param(table.version()).param(new String(MeshJson.toBytes(table))).update();
    }

    /** The table's own columns, quoted, in their order: {@code "a", "b"}. */
    public static String columnList(TableDefinition table) {
        return table.columns().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
    }

    /** Names were validated by the config service; quoting keeps them from ever reading as SQL. */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
