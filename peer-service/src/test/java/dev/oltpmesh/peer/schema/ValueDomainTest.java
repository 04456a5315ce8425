package dev.oltpmesh.peer.schema;

import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.InvalidValueException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * The gateway's domain of each column type against a real PostgreSQL, one table per type. A value
 * the mesh accepts must be stored by PostgreSQL and read back as the same canonical value; a value it
 * refuses must be one PostgreSQL refuses or changes, or one the mesh leaves out on purpose (named so).
 */
class ValueDomainTest {

    /** What PostgreSQL does with a value the mesh refuses. */
    enum Postgres { REFUSES, CHANGES, ACCEPTS_BUT_NOT_OFFERED }

    private record Refused(Object value, Postgres postgres) {
    }

    private static EmbeddedPostgres postgres;
    private static Connection connection;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        connection = postgres.getPostgresDatabase().getConnection();
        connection.setAutoCommit(true);
        connection.createStatement().execute("set timezone = 'UTC'");
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        postgres.close();
    }

    @Test
    void textDomainIsPostgresqls() throws Exception {
        check(ColumnType.TEXT, List.of("", "Vancouver", "ä€😀 ∑", "'; drop table t; --", "\t\n\r", "x".repeat(100_000),
                        "\uFFFF", 42, true),
                List.of(new Refused("a\u0000b", Postgres.REFUSES), new Refused("\ud800", Postgres.CHANGES),
                        new Refused("a\udc00b", Postgres.CHANGES)));
    }

    @Test
    void integerDomainIsPostgresqls() throws Exception {
        check(ColumnType.INTEGER, List.of(0, -2147483648, 2147483647, "42", " 7 ", new BigDecimal("1E+2"), "1.0"),
                List.of(new Refused("2147483648", Postgres.REFUSES), new Refused("-2147483649", Postgres.REFUSES),
                        new Refused("1.5", Postgres.REFUSES), new Refused("1e999999999", Postgres.REFUSES),
                        new Refused("twelve", Postgres.REFUSES)));
    }

    @Test
    void bigintDomainIsPostgresqls() throws Exception {
        check(ColumnType.BIGINT, List.of(Long.MIN_VALUE, Long.MAX_VALUE, "-1", new BigInteger("123456789012")),
                List.of(new Refused("9223372036854775808", Postgres.REFUSES), new Refused("0x10", Postgres.CHANGES)));
    }

    @Test
    void numericDomainIsPostgresqls() throws Exception {
        check(ColumnType.NUMERIC, List.of("0", "-0.000", "12.50", "1E-3", "1e131071", "-1e131071",
                        "0." + "0".repeat(16382) + "1", new BigDecimal("123456789.123456789"), 7),
                List.of(new Refused("1e131072", Postgres.REFUSES), new Refused("1e-16384", Postgres.REFUSES),
                        new Refused("1e999999999", Postgres.REFUSES), new Refused("NaN", Postgres.ACCEPTS_BUT_NOT_OFFERED),
                        new Refused("Infinity", Postgres.ACCEPTS_BUT_NOT_OFFERED), new Refused("0x10", Postgres.CHANGES),
                        new Refused("1,5", Postgres.REFUSES)));
    }

    @Test
    void doubleDomainIsPostgresqls() throws Exception {
        check(ColumnType.DOUBLE, List.of(0.0, 1.5, "0.1", "1.7976931348623157e308", "-1.7976931348623157e308",
                        "2.2250738585072014e-308", "4.9e-324", new BigDecimal("123456789.123456789"), 3),
                List.of(new Refused("1e309", Postgres.REFUSES), new Refused("1e-400", Postgres.REFUSES),
                        new Refused("NaN", Postgres.ACCEPTS_BUT_NOT_OFFERED),
                        new Refused("-Infinity", Postgres.ACCEPTS_BUT_NOT_OFFERED),
                        new Refused("1.5d", Postgres.REFUSES)));
    }

    @Test
    void booleanDomainIsPostgresqls() throws Exception {
        check(ColumnType.BOOLEAN, List.of(true, false, "true", "false"),
                List.of(new Refused("yes", Postgres.CHANGES), new Refused("maybe", Postgres.REFUSES)));
    }

    @Test
    void timestampDomainIsPostgresqls() throws Exception {
        check(ColumnType.TIMESTAMP, List.of("0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
                        "1582-10-10T12:00:00Z", "1600-02-29T00:00:00Z", "1970-01-01T00:00:00Z",
                        "2026-11-25T10:00:00.123456+05:30", "2026-11-25T10:00:00"),
                List.of(new Refused("2026-01-01T00:00:00.1234567Z", Postgres.CHANGES),
                        new Refused("2026-13-01T00:00:00Z", Postgres.REFUSES),
                        new Refused("0000-12-31T00:00:00Z", Postgres.REFUSES),
                        new Refused("+10000-01-01T00:00:00Z", Postgres.REFUSES)));
    }

    @Test
    void dateDomainIsPostgresqls() throws Exception {
        check(ColumnType.DATE, List.of("0001-01-01", "9999-12-31", "1582-10-10", "1600-02-29", "2024-02-29"),
                List.of(new Refused("2026-02-30", Postgres.REFUSES), new Refused("1000-02-29", Postgres.REFUSES),
                        new Refused("0000-01-01", Postgres.REFUSES),
                        new Refused("+10000-01-01", Postgres.REFUSES)));
    }

    @Test
    void uuidDomainIsPostgresqls() throws Exception {
        check(ColumnType.UUID_TYPE, List.of("00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
                        "0b9f4a5e-3f35-4a36-9b4e-6a1b8f4f2c01"),
                List.of(new Refused("not-a-uuid", Postgres.REFUSES),
                        new Refused("0b9f4a5e-3f35-4a36-9b4e-6a1b8f4f2c01-ff", Postgres.REFUSES)));
    }

    @Test
    void jsonDomainIsPostgresqls() throws Exception {
        check(ColumnType.JSON, List.of(Map.of("a", List.of(1, 2.5, "x")), "just text", new BigDecimal("1.50"),
                        new BigInteger("1" + "0".repeat(500)), Map.of("ключ", Map.of()), List.of(), true),
                List.of(new Refused(Map.of("a", "x\u0000y"), Postgres.REFUSES),
                        new Refused(Map.of("a\u0000", 1), Postgres.REFUSES),
                        new Refused(List.of(new BigDecimal("1e131073")), Postgres.REFUSES),
                        new Refused(new BigDecimal("0.12345678901234567890123"), Postgres.ACCEPTS_BUT_NOT_OFFERED)));
    }

    private static void check(ColumnType type, List<Object> accepted, List<Refused> refused) throws Exception {
        String table = "domain_" + type.wireName();
        connection.createStatement().execute("drop table if exists " + table);
        connection.createStatement().execute("create table " + table + " (v " + type.sqlType() + ")");
        assertSoftly(softly -> {
            for (Object value : accepted) {
                Object canonical;
                try {
                    canonical = type.canonical(value);
                } catch (InvalidValueException e) {
                    softly.fail("the mesh refuses " + shortly(value) + ": " + e.getMessage());
                    continue;
                }
                try {
                    softly.assertThat(canonicalJson(type, type.canonical(roundTrip(type, table, canonical))))
                            .as("%s read back from PostgreSQL", shortly(value)).isEqualTo(canonicalJson(type, canonical));
                } catch (SQLException e) {
                    softly.fail("PostgreSQL refuses " + shortly(value) + ", which the mesh accepts: " + e.getMessage());
                }
            }
            for (Refused value : refused) {
                try {
                    type.canonical(value.value());
                    softly.fail("the mesh accepts " + shortly(value.value()));
                } catch (InvalidValueException expected) {
                    // refused at the door, as it should be; now what would PostgreSQL have done?
                }
                softly.assertThat(whatPostgresDoes(type, table, value.value()))
                        .as("PostgreSQL given %s", shortly(value.value())).isEqualTo(value.postgres());
            }
        });
    }

    private static Object roundTrip(ColumnType type, String table, Object canonical) throws SQLException {
        connection.createStatement().execute("truncate " + table);
        try (PreparedStatement insert = connection.prepareStatement("insert into " + table + " values (?)")) {
            insert.setObject(1, SqlValues.toJdbc(type, canonical), SqlValues.sqlType(type));
            insert.executeUpdate();
        }
        try (ResultSet rs = connection.createStatement().executeQuery("select v from " + table)) {
            rs.next();
            return SqlValues.fromResult(type, rs, "v");
        }
    }

    /** Given the value as a client would write it in SQL (its text, or its JSON for json). */
    private static Postgres whatPostgresDoes(ColumnType type, String table, Object value) {
        String text = type == ColumnType.JSON ? new String(MeshJson.toBytes(value)) : String.valueOf(value);
        try (PreparedStatement insert = connection.prepareStatement("insert into " + table + " values (?::"
                + type.sqlType() + ")")) {
            connection.createStatement().execute("truncate " + table);
            insert.setString(1, text);
            insert.executeUpdate();
        } catch (SQLException e) {
            return Postgres.REFUSES;
        }
        try (ResultSet rs = connection.createStatement().executeQuery(
                "select v::text from " + table)) {
            // Compared as PostgreSQL reads the text given: unchanged if the stored value equals it.
            rs.next();
            String stored = rs.getString(1);
            boolean same = text.equals(stored) || sameWhenParsed(type, text, stored);
            return same ? Postgres.ACCEPTS_BUT_NOT_OFFERED : Postgres.CHANGES;
        } catch (SQLException e) {
            return Postgres.REFUSES;
        }
    }

    private static boolean sameWhenParsed(ColumnType type, String given, String stored) {
        try {
            return switch (type) {
                case NUMERIC -> new BigDecimal(given).compareTo(new BigDecimal(stored)) == 0
                        && new BigDecimal(given).scale() == new BigDecimal(stored).scale();
                case INTEGER, BIGINT -> new BigDecimal(given).compareTo(new BigDecimal(stored)) == 0
                        && !given.contains(".");
                case JSON -> MeshJson.mapper().readTree(given).equals(MeshJson.mapper().readTree(stored));
                default -> given.equalsIgnoreCase(stored);
            };
        } catch (RuntimeException e) {
            return "NaN".equals(given) || given.endsWith("Infinity") ? stored.equals(given) : false;
        }
    }

    private static String canonicalJson(ColumnType type, Object canonical) {
        return type == ColumnType.JSON
                ? MeshJson.mapper().readTree(MeshJson.toBytes(canonical)).toString()
                : String.valueOf(canonical);
    }

    private static String shortly(Object value) {
        String text = String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
