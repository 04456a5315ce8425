package dev.oltpmesh.model.schema;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalInstantsTest {

    @Test
    void shouldReadEveryCanonicalTimestampAsTheJdkDoes() {
        Random random = new Random(1);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            String text = instant.toString();
            assertThat(CanonicalInstants.parse(text)).as(text).isEqualTo(instant);
            if (instant.getNano() % 1_000 == 0) {
                assertThat(ColumnType.TIMESTAMP.canonical(text)).isEqualTo(text);
            } else {
                // PostgreSQL keeps microseconds: a finer timestamp is refused rather than rounded.
                assertThatThrownBy(() -> ColumnType.TIMESTAMP.canonical(text)).isInstanceOf(InvalidValueException.class);
            }
        }
    }

    @Test
    void shouldLeaveEveryOtherFormToTheFullParser() {
        for (String other : new String[]{"2026-11-23T10:15:30.1Z", "2026-11-23T10:15:30+01:00", "2026-11-23 10:15:30Z",
                "2026-02-30T10:15:30Z", "2026-11-23T24:00:00Z", "2026-11-23T10:15:30", "x026-11-23T10:15:30Z"}) {
            assertThat(CanonicalInstants.parse(other)).as(other).isNull();
        }
        assertThat(ColumnType.TIMESTAMP.canonical("2026-11-23T10:15:30.1Z")).isEqualTo("2026-11-23T10:15:30.100Z");
        assertThat(ColumnType.TIMESTAMP.canonical("2026-11-23T10:15:30.000Z")).isEqualTo("2026-11-23T10:15:30Z");
        assertThat(ColumnType.TIMESTAMP.canonical("2026-11-23T11:15:30+01:00")).isEqualTo("2026-11-23T10:15:30Z");
    }
}
