package dev.oltpmesh.model.schema;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColumnTypeTest {

    @Test
    void shouldCanonicaliseEveryType() {
        assertThat(ColumnType.TEXT.canonical("Vancouver")).isEqualTo("Vancouver");
        assertThat(ColumnType.TEXT.canonical(42)).isEqualTo("42");
        assertThat(ColumnType.INTEGER.canonical(42)).isEqualTo(42L);
        assertThat(ColumnType.INTEGER.canonical("42")).isEqualTo(42L);
        assertThat(ColumnType.BIGINT.canonical(9_000_000_000L)).isEqualTo(9_000_000_000L);
        assertThat(ColumnType.NUMERIC.canonical(new BigDecimal("12.50"))).isEqualTo("12.50");
        assertThat(ColumnType.NUMERIC.canonical("1E+3")).isEqualTo("1000");
        assertThat(ColumnType.DOUBLE.canonical(1.5)).isEqualTo(1.5);
        assertThat(ColumnType.DOUBLE.canonical(new BigDecimal("2.25"))).isEqualTo(2.25);
        assertThat(ColumnType.BOOLEAN.canonical(true)).isEqualTo(true);
        assertThat(ColumnType.BOOLEAN.canonical("false")).isEqualTo(false);
        assertThat(ColumnType.TIMESTAMP.canonical("2026-11-23T10:15:30+01:00")).isEqualTo("2026-11-23T09:15:30Z");
        assertThat(ColumnType.TIMESTAMP.canonical("2026-11-23T10:15:30")).isEqualTo("2026-11-23T10:15:30Z");
        assertThat(ColumnType.DATE.canonical("2026-11-23")).isEqualTo("2026-11-23");
        assertThat(ColumnType.UUID_TYPE.canonical("0F8FAD5B-D9CB-469F-A165-70867728950E"))
                .isEqualTo("0f8fad5b-d9cb-469f-a165-70867728950e");
        assertThat(ColumnType.JSON.canonical(Map.of("a", List.of(1, 2)))).isEqualTo(Map.of("a", List.of(1, 2)));
    }

    @Test
    void shouldRefuseValuesThatDoNotFitTheType() {
        assertThatThrownBy(() -> ColumnType.INTEGER.canonical(3_000_000_000L)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ColumnType.INTEGER.canonical(1.5)).hasMessageContaining("integer");
        assertThatThrownBy(() -> ColumnType.BIGINT.canonical("abc")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ColumnType.NUMERIC.canonical(true)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ColumnType.BOOLEAN.canonical("yes")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ColumnType.TIMESTAMP.canonical("yesterday")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ColumnType.DATE.canonical("2026-13-01")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ColumnType.UUID_TYPE.canonical("not-a-uuid")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ColumnType.TEXT.canonical(Map.of())).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void shouldGiveEqualNumericsTheSameHashKey() {
        assertThat(ColumnType.NUMERIC.hashKey("12.50")).isEqualTo(ColumnType.NUMERIC.hashKey("12.5"));
    }

    @Test
    void shouldReadTypesByTheirWireNames() {
        assertThat(ColumnType.fromWireName("uuid")).isEqualTo(ColumnType.UUID_TYPE);
        assertThatThrownBy(() -> ColumnType.fromWireName("varchar")).hasMessageContaining("unknown column type");
    }

    @Test
    void shouldRefuseWhatPostgresqlWouldRefuseOrChange() {
        assertThatThrownBy(() -> ColumnType.TEXT.canonical("a\u0000b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> ColumnType.TEXT.canonical("a\ud800")).hasMessageContaining("surrogate");
        assertThat(ColumnType.TEXT.canonical("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
        assertThatThrownBy(() -> ColumnType.NUMERIC.canonical("1e131072")).hasMessageContaining("131072");
        assertThatThrownBy(() -> ColumnType.NUMERIC.canonical("1e-16384")).hasMessageContaining("16383");
        assertThatThrownBy(() -> ColumnType.NUMERIC.canonical("NaN")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ColumnType.NUMERIC.canonical("1e1000000000")).isInstanceOf(InvalidValueException.class);
        assertThat(ColumnType.NUMERIC.canonical("0e999999999")).isEqualTo("0");
        assertThatThrownBy(() -> ColumnType.DOUBLE.canonical("Infinity")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ColumnType.DOUBLE.canonical(new BigDecimal("1e400"))).hasMessageContaining("range");
        assertThatThrownBy(() -> ColumnType.DOUBLE.canonical("1e-400")).hasMessageContaining("range");
        assertThatThrownBy(() -> ColumnType.DOUBLE.canonical("0x1p3")).isInstanceOf(InvalidValueException.class);
        assertThat(ColumnType.DOUBLE.canonical("1.5e3")).isEqualTo(1500.0);
        assertThatThrownBy(() -> ColumnType.TIMESTAMP.canonical("+10000-01-01T00:00:00Z")).hasMessageContaining("9999");
        assertThatThrownBy(() -> ColumnType.TIMESTAMP.canonical("2026-01-01T00:00:00.0000001Z"))
                .hasMessageContaining("microseconds");
        assertThatThrownBy(() -> ColumnType.DATE.canonical("0000-01-01")).hasMessageContaining("years");
        assertThatThrownBy(() -> ColumnType.JSON.canonical(Map.of("k", "a\u0000"))).hasMessageContaining("NUL");
        assertThatThrownBy(() -> ColumnType.JSON.canonical(List.of(new BigDecimal("0.12345678901234567890123"))))
                .hasMessageContaining("double");
        assertThat(ColumnType.JSON.canonical(Map.of("p", new BigDecimal("1.50")))).isEqualTo(Map.of("p", 1.5));
    }

    @Test
    void shouldRefuseAnAbsurdExponentWithoutWritingItOut() {
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        for (ColumnType type : List.of(ColumnType.INTEGER, ColumnType.BIGINT, ColumnType.NUMERIC, ColumnType.DOUBLE)) {
            assertThatThrownBy(() -> type.canonical("9e999999999")).isInstanceOf(InvalidValueException.class);
            assertThatThrownBy(() -> type.canonical(new BigDecimal("9e-999999999"))).isInstanceOf(InvalidValueException.class);
            // A zero is still a number with as many digits as its exponent says, once written out.
            for (String zero : List.of("0e-999999999", "-0e-20000", "0.0e-16384")) {
                Object value;
                try {
                    value = type.canonical(zero);
                } catch (InvalidValueException refused) {
                    continue;
                }
                assertThat(String.valueOf(value).length()).as(type + " " + zero).isLessThan(100);
            }
        }
        assertThatThrownBy(() -> ColumnType.NUMERIC.canonical("0e-999999999")).isInstanceOf(InvalidValueException.class);
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(after - before).as("bytes allocated").isLessThan(100_000_000);
    }
}
