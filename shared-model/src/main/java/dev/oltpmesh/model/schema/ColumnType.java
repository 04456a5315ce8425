package dev.oltpmesh.model.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The column types a table may declare. Every value travels in one canonical form per type, so
 * that the checksum of an event and the shard of a value are the same wherever they are computed:
 * integers as JSON numbers, numeric as a plain decimal string, timestamps as ISO-8601 UTC instants,
 * dates as ISO dates, uuids in lower case, json as a tree of maps and lists.
 */
public enum ColumnType {
    TEXT("text"), INTEGER("integer"), BIGINT("bigint"), NUMERIC("numeric"), DOUBLE("double"),
    BOOLEAN("boolean"), TIMESTAMP("timestamp"), DATE("date"), UUID_TYPE("uuid"), JSON("json");

    private final String wireName;

    ColumnType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static ColumnType fromWireName(String name) {
        for (ColumnType type : values()) {
            if (type.wireName.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown column type '" + name
                + "'; use one of text, integer, bigint, numeric, double, boolean, timestamp, date, uuid, json");
    }

    /** The PostgreSQL type a peer stores this column as. */
    public String sqlType() {
        return switch (this) {
            case TEXT -> "text";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case NUMERIC -> "numeric";
            case DOUBLE -> "double precision";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamptz";
            case DATE -> "date";
            case UUID_TYPE -> "uuid";
            case JSON -> "jsonb";
        };
    }

    /**
     * Converts a value as parsed from client JSON (String, Number, Boolean, Map, List) to its
     * canonical form, or throws {@link InvalidValueException} saying what was expected.
     */
    public Object canonical(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return switch (this) {
                case TEXT -> requireScalar(value).toString();
                case INTEGER -> toIntegral(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case BIGINT -> toIntegral(value, Long.MIN_VALUE, Long.MAX_VALUE);
                case NUMERIC -> toDecimal(value).toPlainString();
                case DOUBLE -> toDouble(value);
                case BOOLEAN -> toBoolean(value);
                case TIMESTAMP -> canonicalTimestamp(value);
                case DATE -> LocalDate.parse(requireString(value)).toString();
                case UUID_TYPE -> UUID.fromString(requireString(value)).toString();
                case JSON -> value;
            };
        } catch (InvalidValueException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidValueException("expected " + description() + " but got " + shortly(value));
        }
    }

    /** A comparable view of a canonical value, for range bounds; ordered as PostgreSQL orders it. */
    @SuppressWarnings({"rawtypes"})
    public Comparable comparable(Object canonical) {
        if (canonical == null) {
            return null;
        }
        return switch (this) {
            case TEXT, UUID_TYPE -> (String) canonical;
            case INTEGER, BIGINT -> ((Number) canonical).longValue();
            case NUMERIC -> new BigDecimal(canonical.toString());
            case DOUBLE -> ((Number) canonical).doubleValue();
            case BOOLEAN -> (Boolean) canonical;
            case TIMESTAMP -> instantOf(canonical.toString());
            case DATE -> LocalDate.parse(canonical.toString());
            case JSON -> throw new InvalidValueException("a json column cannot be compared");
        };
    }

    /** The bytes a hash placement hashes: equal values (12.5 and 12.50) give equal bytes. */
    public String hashKey(Object canonical) {
        if (canonical == null) {
            return "\u0000null";
        }
        return switch (this) {
            case NUMERIC -> new BigDecimal(canonical.toString()).stripTrailingZeros().toPlainString();
            case INTEGER, BIGINT -> Long.toString(((Number) canonical).longValue());
            default -> canonical.toString();
        };
    }

    public boolean isOrderable() {
        return this != JSON;
    }

    private String description() {
        return switch (this) {
            case TEXT -> "a text value";
            case INTEGER -> "an integer (32-bit)";
            case BIGINT -> "an integer (64-bit)";
            case NUMERIC -> "a decimal number";
            case DOUBLE -> "a floating-point number";
            case BOOLEAN -> "true or false";
            case TIMESTAMP -> "an ISO-8601 timestamp such as 2026-11-23T10:15:30Z";
            case DATE -> "an ISO-8601 date such as 2026-11-23";
            case UUID_TYPE -> "a uuid";
            case JSON -> "any JSON value";
        };
    }

    private static Object requireScalar(Object value) {
        if (value instanceof Map || value instanceof Iterable) {
            throw new IllegalArgumentException();
        }
        return value;
    }

    private static String requireString(Object value) {
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException();
        }
        return s;
    }

    private static long toIntegral(Object value, long min, long max) {
        BigDecimal decimal = toDecimal(value);
        long result = decimal.longValueExact();
        if (result < min || result > max) {
            throw new ArithmeticException();
        }
        return result;
    }

    private static BigDecimal toDecimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return BigDecimal.valueOf(d);
        }
        if (value instanceof Number || value instanceof String) {
            return new BigDecimal(value.toString().trim());
        }
        throw new IllegalArgumentException();
    }

    private static double toDouble(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            return Double.parseDouble(s.trim());
        }
        throw new IllegalArgumentException();
    }

    private static boolean toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value)) {
            return true;
        }
        if ("false".equals(value)) {
            return false;
        }
        throw new IllegalArgumentException();
    }

    /** The instant of a canonical timestamp. */
    public static Instant instantOf(String canonical) {
        Instant fast = CanonicalInstants.parse(canonical);
        return fast != null ? fast : Instant.parse(canonical);
    }

    private static String canonicalTimestamp(Object value) {
        String text = requireString(value);
        Instant fast = CanonicalInstants.parse(text);
        if (fast != null && CanonicalInstants.isCanonical(text, fast)) {
            return text;
        }
        return (fast != null ? fast : toInstant(text)).toString();
    }

    private static Instant toInstant(Object value) {
        String text = requireString(value);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException noOffset) {
            // A timestamp without an offset is read as UTC, as PostgreSQL reads it in a UTC session.
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
    }

    private static String shortly(Object value) {
        String text = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
