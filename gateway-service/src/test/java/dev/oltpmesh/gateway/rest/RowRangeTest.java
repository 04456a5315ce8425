package dev.oltpmesh.gateway.rest;

import dev.oltpmesh.gateway.web.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowRangeTest {

    @Test
    void shouldTakeOffsetAndLimitParameters() {
        assertThat(RowRange.of("5", "10", null, null)).isEqualTo(new RowRange(5, 10));
        assertThat(RowRange.of(null, null, null, null)).isEqualTo(new RowRange(0, null));
    }

    @Test
    void shouldTakeARangeHeaderClosedOrOpen() {
        assertThat(RowRange.of(null, null, "5-9", "items")).isEqualTo(new RowRange(5, 5));
        assertThat(RowRange.of(null, null, "20-", null)).isEqualTo(new RowRange(20, null));
    }

    @Test
    void shouldIntersectTheHeaderWithTheParametersAsPostgrestDoes() {
        assertThat(RowRange.of("2", "100", "10-19", "items")).isEqualTo(new RowRange(12, 8));
        assertThat(RowRange.of(null, "3", "10-19", "items")).isEqualTo(new RowRange(10, 3));
    }

    @Test
    void shouldIgnoreARangeInAnotherUnit() {
        assertThat(RowRange.of(null, null, "0-9", "bytes")).isEqualTo(new RowRange(0, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9-5", "a-b", "-5", "5", "1-2-3", "99999999999-"})
    void shouldRefuseARangeItCannotReadWith416(String header) {
        assertThatThrownBy(() -> RowRange.of(null, null, header, "items")).isInstanceOf(GatewayException.class)
                .extracting(e -> ((GatewayException) e).code()).isEqualTo("PGRST103");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "x", "1.5", "99999999999"})
    void shouldRefuseALimitOrOffsetThatIsNoWholeNumber(String value) {
        assertThatThrownBy(() -> RowRange.of(value, null, null, null)).isInstanceOf(GatewayException.class);
        assertThatThrownBy(() -> RowRange.of(null, value, null, null)).isInstanceOf(GatewayException.class);
    }

    @Test
    void shouldWriteContentRangeAsPostgrestDoes() {
        assertThat(new RowRange(0, 10).contentRange(10, 3573L)).isEqualTo("0-9/3573");
        assertThat(new RowRange(5, 10).contentRange(3, null)).isEqualTo("5-7/*");
        assertThat(new RowRange(0, 10).contentRange(0, 0L)).isEqualTo("*/0");
        assertThat(new RowRange(0, null).contentRange(0, null)).isEqualTo("*/*");
    }
}
