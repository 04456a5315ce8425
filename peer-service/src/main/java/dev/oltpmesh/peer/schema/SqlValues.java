package dev.oltpmesh.peer.schema;

import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.schema.ColumnType;
import org.postgresql.util.PGobject;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Converts canonical values to JDBC parameters and JDBC results back to JSON-ready values. */
public final class SqlValues {

    private SqlValues() {
    }

    public static Object toJdbc(ColumnType type, Object canonical) {
        if (canonical == null) {
            return null;
        }
        return switch (type) {
            case TEXT -> canonical.toString();
            case INTEGER -> ((Number) canonical).intValue();
            case BIGINT -> ((Number) canonical).longValue();
            case NUMERIC -> new BigDecimal(canonical.toString());
            case DOUBLE -> ((Number) canonical).doubleValue();
            case BOOLEAN -> canonical;
            case TIMESTAMP -> OffsetDateTime.ofInstant(ColumnType.instantOf(canonical.toString()), ZoneOffset.UTC);
            case DATE -> LocalDate.parse(canonical.toString());
            case UUID_TYPE -> UUID.fromString(canonical.toString());
            case JSON -> jsonb(canonical);
        };
    }

    /** Binds a canonical value of a column to a statement parameter, a null as that column's type. */
    public static void bind(PreparedStatement ps, int index, ColumnType type, Object canonical) throws SQLException {
        Object value = toJdbc(type, canonical);
        if (value == null) {
            ps.setNull(index, sqlType(type));
        } else {
            ps.setObject(index, value, sqlType(type));
        }
    }

    public static int sqlType(ColumnType type) {
        return switch (type) {
            case TEXT -> java.sql.Types.VARCHAR;
            case INTEGER -> java.sql.Types.INTEGER;
            case BIGINT -> java.sql.Types.BIGINT;
            case NUMERIC -> java.sql.Types.NUMERIC;
            case DOUBLE -> java.sql.Types.DOUBLE;
            case BOOLEAN -> java.sql.Types.BOOLEAN;
            case TIMESTAMP -> java.sql.Types.TIMESTAMP_WITH_TIMEZONE;
            case DATE -> java.sql.Types.DATE;
            case UUID_TYPE, JSON -> java.sql.Types.OTHER;
        };
    }

    private static PGobject jsonb(Object value) {
        try {
            PGobject json = new PGobject();
            json.setType("jsonb");
            json.setValue(new String(MeshJson.toBytes(value)));
            return json;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A column of a result row as the REST API returns it. */
    public static Object fromResult(ColumnType type, ResultSet rs, String column) throws SQLException {
        Object value = switch (type) {
            case TEXT -> rs.getString(column);
            case INTEGER, BIGINT -> {
                long v = rs.getLong(column);
                yield rs.wasNull() ? null : v;
            }
            case NUMERIC -> rs.getBigDecimal(column);
            case DOUBLE -> {
                double v = rs.getDouble(column);
                yield rs.wasNull() ? null : v;
            }
            case BOOLEAN -> {
                boolean v = rs.getBoolean(column);
                yield rs.wasNull() ? null : v;
            }
            // java.time, not java.sql: Timestamp and Date use the Julian calendar before 1582 and
            // would shift old values by days; PostgreSQL, like the API, is proleptic Gregorian.
            case TIMESTAMP -> {
                OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
                yield t == null ? null : t.toInstant().toString();
            }
            case DATE -> {
                LocalDate d = rs.getObject(column, LocalDate.class);
                yield d == null ? null : d.toString();
            }
            case UUID_TYPE -> rs.getString(column);
            case JSON -> {
                String text = rs.getString(column);
                yield text == null ? null : MeshJson.mapper().readValue(text, Object.class);
            }
        };
        return value;
    }
}
