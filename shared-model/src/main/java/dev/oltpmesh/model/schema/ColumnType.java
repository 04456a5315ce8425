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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The column types a table may declare. Every value travels in one canonical form per type, so
 * that the checksum of an event and the shard of a value are the same wherever they are computed:
 * integers as JSON numbers, numeric as a plain decimal string, timestamps as ISO-8601 UTC instants,
 * dates as ISO dates, uuids in lower case, json as a tree of maps and lists.
 *
 * <p>The domain of each type is exactly what a peer's PostgreSQL stores and gives back unchanged:
 * a value PostgreSQL would refuse (text with NUL, numerics beyond its limits) or change (a
 * timestamp below microseconds, a double that underflows to zero) is refused here, at the door,
 * so that no accepted transaction can fail on a peer because of its values.
 */
public enum ColumnType {
    TEXT("text"), INTEGER("integer"), BIGINT("bigint"), NUMERIC("numeric"), DOUBLE("double"),
    BOOLEAN("boolean"), TIMESTAMP("timestamp"), DATE("date"), UUID_TYPE("uuid"), JSON("json");

    /** PostgreSQL's numeric: at most 131072 digits before the decimal point and 16383 after. */
    static final int NUMERIC_MAX_INTEGER_DIGITS = 131_072;
    static final int NUMERIC_MAX_SCALE = 16_383;
    /** A numeric written as text longer than the longest PostgreSQL can store is not parsed at all. */
    private static final int NUMERIC_MAX_TEXT = NUMERIC_MAX_INTEGER_DIGITS + NUMERIC_MAX_SCALE + 16;
    /** Four-digit years, as ISO-8601 writes them without a sign, and as every peer reads them back. */
    static final int MIN_YEAR = 1;
    static final int MAX_YEAR = 9999;
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d{1,9})?");

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
                case TEXT -> storableText(requireScalar(value).toString());
                case INTEGER -> toIntegral(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case BIGINT -> toIntegral(value, Long.MIN_VALUE, Long.MAX_VALUE);
                case NUMERIC -> storableNumeric(toDecimal(value)).toPlainString();
                case DOUBLE -> toDouble(value);
                case BOOLEAN -> toBoolean(value);
                case TIMESTAMP -> canonicalTimestamp(value);
                case DATE -> canonicalDate(value);
                case UUID_TYPE -> UUID.fromString(requireString(value)).toString();
                case JSON -> storableJson(value, "");
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

    /** PostgreSQL text cannot hold NUL, and a lone surrogate has no UTF-8 form: it would be stored as '?'. */
    private static String storableText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                throw new InvalidValueException("text cannot contain the NUL character (\\u0000), at position " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidValueException("text contains an unpaired UTF-16 surrogate (\\u"
                        + Integer.toHexString(c) + ") at position " + i + ", which no UTF-8 text can hold");
            }
        }
        return text;
    }

    /** Checked on the unexpanded decimal: 1e999999999 is refused without writing its zeros. */
    private static BigDecimal storableNumeric(BigDecimal decimal) {
        // Before the zero shortcut: 0e-999999999 is a zero with a billion digits once written out.
        if (decimal.scale() > NUMERIC_MAX_SCALE) {
            throw new InvalidValueException("a numeric holds at most " + NUMERIC_MAX_SCALE
                    + " digits after the decimal point; this one has " + decimal.scale());
        }
        if (decimal.signum() == 0) {
            return decimal.scale() < 0 ? BigDecimal.ZERO : decimal;
        }
        long integerDigits = (long) decimal.precision() - decimal.scale();
        if (integerDigits > NUMERIC_MAX_INTEGER_DIGITS) {
            throw new InvalidValueException("a numeric holds at most " + NUMERIC_MAX_INTEGER_DIGITS
                    + " digits before the decimal point; this one has " + integerDigits);
        }
        return decimal;
    }

    /**
     * A json column is PostgreSQL's jsonb: its strings are text, its numbers numerics. Numbers with a
     * fraction or an exponent travel as doubles (every service reads them so, and the checksum is
     * taken over what they read): one that a double cannot hold exactly is refused, not rounded.
     */
    private static Object storableJson(Object value, String path) {
        return switch (value) {
            case null -> null;
            case String text -> storableText(text);
            case Map<?, ?> map -> {
                Map<String, Object> members = new java.util.LinkedHashMap<>();
                map.forEach((key, member) -> {
                    String name = String.valueOf(key);
                    try {
                        storableText(name);
                    } catch (InvalidValueException e) {
                        throw new InvalidValueException("json key at " + where(path) + ": " + e.getMessage());
                    }
                    members.put(name, storableJson(member, path + "/" + name));
                });
                yield members;
            }
            case Iterable<?> list -> {
                List<Object> items = new java.util.ArrayList<>();
                for (Object item : list) {
                    items.add(storableJson(item, path + "/" + items.size()));
                }
                yield items;
            }
            case BigDecimal d -> jsonDouble(d, path);
            case java.math.BigInteger b -> {
                storableNumeric(new BigDecimal(b));
                yield b;
            }
            case Double d -> jsonDouble(d, path);
            case Float f -> jsonDouble(f.doubleValue(), path);
            case Number n -> n;
            case Boolean b -> b;
            default -> throw new InvalidValueException("not a JSON value at " + where(path));
        };
    }

    private static double jsonDouble(BigDecimal decimal, String path) {
        double d = jsonDouble(decimal.doubleValue(), path);
        if (new BigDecimal(Double.toString(d)).compareTo(decimal) != 0) {
            throw new InvalidValueException("the json number " + shortly(decimal) + " at " + where(path)
                    + " has more digits than a double holds; write it as a string to keep them all");
        }
        return d;
    }

    private static double jsonDouble(double d, String path) {
        if (!Double.isFinite(d)) {
            throw new InvalidValueException("json numbers must be finite, at " + where(path));
        }
        return d;
    }

    private static String where(String path) {
        return path.isEmpty() ? "the top" : "'" + path + "'";
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
        // What a JSON parser makes of an integer needs neither text nor pattern: the common case, kept cheap.
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof java.math.BigInteger b) {
            return new BigDecimal(b);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return BigDecimal.valueOf(d);
        }
        if (value instanceof String s && s.length() > NUMERIC_MAX_TEXT) {
            throw new InvalidValueException("a number written with " + s.length()
                    + " characters is longer than any PostgreSQL can store");
        }
        if (value instanceof Number || value instanceof String) {
            String text = value.toString().trim();
            // Only plain decimal notation: no NaN, Infinity, hexadecimal or type suffixes, and an
            // exponent of at most nine digits.
            if (!DECIMAL.matcher(text).matches()) {
                throw new IllegalArgumentException();
            }
            return new BigDecimal(text);
        }
        throw new IllegalArgumentException();
    }

    /**
     * Finite values only: JSON has no NaN or Infinity, and a payments ledger has no use for them. A
     * number too large for a double, or so small that it would be stored as zero, is refused.
     */
    private static double toDouble(Object value) {
        if (value instanceof Double d && Double.isFinite(d)) {
            return d;
        }
        if (value instanceof Float f && Float.isFinite(f)) {
            return f;
        }
        BigDecimal decimal = toDecimal(value);
        double d = decimal.doubleValue();
        if (Double.isInfinite(d) || (d == 0 && decimal.signum() != 0)) {
            throw new InvalidValueException("out of range for a double (about 4.9e-324 to 1.8e308 in magnitude): "
                    + shortly(value));
        }
        return d;
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
        Instant instant = fast != null ? fast : toInstant(text);
        // PostgreSQL keeps microseconds: a finer value would be rounded, and differ from the one checksummed.
        if (instant.getNano() % 1_000 != 0) {
            throw new InvalidValueException("timestamps carry at most microseconds (6 fraction digits): "
                    + shortly(value));
        }
        int year = instant.atOffset(ZoneOffset.UTC).getYear();
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new InvalidValueException("timestamps lie in the years " + MIN_YEAR + " to " + MAX_YEAR
                    + " (UTC): " + shortly(value));
        }
        return fast != null && CanonicalInstants.isCanonical(text, fast) ? text : instant.toString();
    }

    private static String canonicalDate(Object value) {
        LocalDate date = LocalDate.parse(requireString(value));
        if (date.getYear() < MIN_YEAR || date.getYear() > MAX_YEAR) {
            throw new InvalidValueException("dates lie in the years " + MIN_YEAR + " to " + MAX_YEAR + ": "
                    + shortly(value));
        }
        return date.toString();
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
