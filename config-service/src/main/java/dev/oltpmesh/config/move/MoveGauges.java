package dev.oltpmesh.config.move;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.function.ToDoubleFunction;

/** The moves' progress as gauges, read from the jobs' table when scraped, for the dashboard. */
@Component
class MoveGauges {

    MoveGauges(MoveRepository moves, MeterRegistry meters) {
        gauge("mesh.moves.unfinished", "moves and backfills not DONE nor FAILED", moves, MoveProgress::unfinished, meters);
        gauge("mesh.moves.failed", "moves and backfills FAILED, waiting for an operator", moves, MoveProgress::failed,
                meters);
        gauge("mesh.moves.rows.copied", "rows copied by the jobs in progress that know their total", moves,
                MoveProgress::rowsCopied, meters);
        gauge("mesh.moves.rows.planned", "rows the jobs in progress that know their total have to copy", moves,
                MoveProgress::rowsPlanned, meters);
    }

    private static void gauge(String name, String description, MoveRepository moves,
                              ToDoubleFunction<MoveProgress> figure, MeterRegistry meters) {
        Gauge.builder(name, moves, m -> figure.applyAsDouble(m.progress())).description(description).register(meters);
    }
}
