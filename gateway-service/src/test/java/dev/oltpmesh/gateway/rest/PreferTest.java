package dev.oltpmesh.gateway.rest;

import dev.oltpmesh.gateway.web.GatewayException;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreferTest {

    private static Prefer parse(String... headers) {
        return Prefer.parse(Collections.enumeration(List.of(headers)));
    }

    @Test
    void shouldReadEveryPreferenceOfOneCombinedHeaderAsPostgrestJsSendsIt() {
        Prefer prefer = parse("count=exact, return=representation, resolution=ignore-duplicates, missing=default");
        assertThat(prefer.count()).isEqualTo("exact");
        assertThat(prefer.returning()).isEqualTo("representation");
        assertThat(prefer.resolution()).isEqualTo("ignore-duplicates");
        assertThat(prefer.missingDefault()).isTrue();
        assertThat(prefer.applied()).containsExactly("count=exact", "return=representation",
                "resolution=ignore-duplicates", "missing=default");
    }

    @Test
    void shouldReadPreferencesSpreadOverSeveralHeaders() {
        Prefer prefer = parse("count=planned", "return=headers-only");
        assertThat(prefer.count()).isEqualTo("planned");
        assertThat(prefer.returning()).isEqualTo("headers-only");
    }

    @Test
    void shouldIgnoreWhatItDoesNotKnowUnlessHandlingIsStrict() {
        Prefer lenient = parse("count=sometimes, tx=rollback, timezone=UTC");
        assertThat(lenient.counted()).isFalse();
        assertThat(lenient.applied()).isEmpty();
        assertThatThrownBy(() -> parse("handling=strict, tx=rollback")).isInstanceOf(GatewayException.class)
                .hasMessageContaining("tx=rollback")
                .extracting(e -> ((GatewayException) e).code()).isEqualTo("PGRST122");
    }

    @Test
    void shouldAskForNothingWithoutAHeader() {
        Prefer prefer = Prefer.parse(null);
        assertThat(prefer.counted()).isFalse();
        assertThat(prefer.returning()).isNull();
        assertThat(prefer.resolution()).isNull();
    }
}
