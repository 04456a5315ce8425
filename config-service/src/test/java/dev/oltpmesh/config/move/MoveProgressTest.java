package dev.oltpmesh.config.move;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The jobs' progress as the gauges read it, on a real PostgreSQL with the configuration migrations. */
class MoveProgressTest {

    private static EmbeddedPostgres postgres;
    private static JdbcClient jdbc;
    private static MoveRepository moves;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        DataSource dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/config-migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        moves = new MoveRepository(jdbc);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void shouldCountTheRowsOfTheJobsInProgressThatKnowTheirTotalOnly() {
        moves.planBackfill("fruit", "peer-1", "peer-2", 3);
        moves.planBackfill("payment", "peer-1", "peer-2", 3);
        moves.planBackfill("clicks", "peer-1", "peer-2", 3);
        moves.planBackfill("location", "peer-1", "peer-2", 3);
        moves.planBackfill("orders", "peer-1", "peer-2", 3);
        set("fruit", "COPYING", 40, 100L);
        set("payment", "COPYING", 7, null);
        set("clicks", "DONE", 500, 500L);
        set("location", "FAILED", 3, 9L);

        assertThat(moves.progress()).isEqualTo(new MoveProgress(3, 1, 40, 100));
    }

    private static void set(String table, String state, long copied, Long total) {
        jdbc.sql("update moves set state = ?, rows_copied = ?, rows_total = ? where table_name = ?")
                .param(state).param(copied).param(total).param(table).update();
    }
}
