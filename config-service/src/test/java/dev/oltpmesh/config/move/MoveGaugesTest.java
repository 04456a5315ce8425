package dev.oltpmesh.config.move;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class MoveGaugesTest {

    @Test
    void shouldReportTheJobsAndTheirRowsAsTheyStandWhenScraped() {
        MoveRepository moves = mock(MoveRepository.class);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new MoveGauges(moves, meters);

        when(moves.progress()).thenReturn(new MoveProgress(2, 1, 300, 1200));
        assertThat(meters.get("mesh.moves.unfinished").gauge().value()).isEqualTo(2);
        assertThat(meters.get("mesh.moves.failed").gauge().value()).isEqualTo(1);
        assertThat(meters.get("mesh.moves.rows.copied").gauge().value()).isEqualTo(300);
        assertThat(meters.get("mesh.moves.rows.planned").gauge().value()).isEqualTo(1200);

        when(moves.progress()).thenReturn(new MoveProgress(0, 1, 0, 0));
        assertThat(meters.get("mesh.moves.unfinished").gauge().value()).isZero();
    }
}
