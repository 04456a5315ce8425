package dev.oltpmesh.peer.apply;

import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.ShardHash;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.peer.schema.SqlValues;
import dev.oltpmesh.peer.schema.TableMaterializer;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntUnaryOperator;

/** Inserts the rows of one table of one part as one JDBC batch. */
@Component
class RowWriter {

    private final JdbcTemplate jdbc;

    RowWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * For the inbox's transaction that inserts parts: a row whose key an undecided (prepared)
     * transaction holds would wait for a decision that comes later in this same inbox, so the wait is
     * cut short and the part refused instead. Only here: reads and moves wait for locks as usual.
     */
    void waitBrieflyForLocks() {
        jdbc.execute("set local lock_timeout = '100ms'");
    }

    /**
     * @param ordinals       the rows' ordinals among their transaction's rows of the table
     * @param skipDuplicates leave out a row whose primary key is stored already, or came earlier in
     *                       this part, instead of failing
     * @return how many rows were stored
     */
    int insert(TableDefinition table, List<Map<String, Object>> rows, IntUnaryOperator ordinals, String txId,
                long seq, boolean skipDuplicates) {
        List<ColumnDefinition> columns = table.columns();
        HashPlacement hash = table.placement() instanceof HashPlacement h ? h : null;
        ColumnType hashType = hash == null ? null : table.column(hash.column()).orElseThrow().type();
        String sql = "insert into " + TableMaterializer.quote(table.name()) + " ("
                + TableMaterializer.columnList(table)
                + ", _tx, _seq, _row" + (hash == null ? "" : ", _shard") + ") values (" + "?, ".repeat(columns.size())
                + "?, ?, ?" + (hash == null ? "" : ", ?") + ")"
                + (skipDuplicates && !table.primaryKey().isEmpty() ? " on conflict do nothing" : "");
        UUID tx = UUID.fromString(txId);
        jdbc.batchUpdate(sql, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                Map<String, Object> row = rows.get(i);
                int index = 1;
                for (ColumnDefinition column : columns) {
                    SqlValues.bind(ps, index++, column.type(), row.get(column.name()));
                }
                ps.setObject(index++, tx);
                ps.setLong(index++, seq);
                ps.setInt(index++, ordinals.applyAsInt(i));
                if (hash != null) {
                    ps.setInt(index, ShardHash.shardOf(hashType, row.get(hash.column()), hash.shards()));
                }
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
        if (!skipDuplicates || table.primaryKey().isEmpty()) {
            return rows.size();
        }
        // Counted, not summed from the batch: rewritten into multi-row inserts, it reports no counts.
        return jdbc.queryForObject("select count(*) from " + TableMaterializer.quote(table.name()) + " where _tx = ?",
                Integer.class, tx);
    }
}
