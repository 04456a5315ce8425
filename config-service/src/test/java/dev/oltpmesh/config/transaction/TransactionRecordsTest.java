package dev.oltpmesh.config.transaction;

import dev.oltpmesh.model.event.PartSummary;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration database's records of keys and statuses, on a real PostgreSQL with its migrations. */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@TestPropertySource(properties = "spring.flyway.locations=classpath:db/config-migration")
@Import({IdempotencyKeys.class, TransactionStatuses.class, TransactionRecordsTest.Database.class})
class TransactionRecordsTest {

    private static EmbeddedPostgres postgres;

    @TestConfiguration
    static class Database {
        @Bean
        DataSource dataSource() throws IOException {
            postgres = EmbeddedPostgres.builder().start();
            return postgres.getPostgresDatabase();
        }
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Autowired
    IdempotencyKeys keys;

    @Autowired
    TransactionStatuses statuses;

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void shouldKeepTheFirstClaimOfAKey() {
        String first = "01a2f0c0-0000-7000-8000-000000000011";
        KeyClaim held = keys.claim(new KeyClaim("admin:pay-1", "a".repeat(64), first));
        KeyClaim again = keys.claim(new KeyClaim("admin:pay-1", "b".repeat(64), "01a2f0c0-0000-7000-8000-000000000012"));
        assertThat(held.txId()).isEqualTo(first);
        assertThat(again).isEqualTo(held);
    }

    @Test
    void shouldKeepTheFirstOutcomeOfATransaction() {
        String txId = "01a2f0c0-0000-7000-8000-000000000021";
        List<PartSummary> parts = List.of(PartSummary.routed("peer-1", 1), PartSummary.routed("peer-2", 1));
        statuses.routed(txId, 2, T0, parts, "client-a");
        assertThat(statuses.find(txId)).hasValueSatisfying(s -> assertThat(s.status()).isEqualTo("ACCEPTED"));
        statuses.decided(txId, false);
        statuses.settled(txId, "FAILED", 2, T0, null, "peer-2: duplicate key", parts, "client-a");
        statuses.settled(txId, "COMMITTED", 2, T0, T0, null, parts, "client-a");
        statuses.routed(txId, 2, T0, parts, "client-a");
        assertThat(statuses.find(txId)).hasValueSatisfying(s -> {
            assertThat(s.status()).isEqualTo("FAILED");
            assertThat(s.decision()).isEqualTo("ABORT");
            assertThat(s.client()).isEqualTo("client-a");
            assertThat(s.error()).isEqualTo("peer-2: duplicate key");
            assertThat(s.parts()).extracting(PartSummary::peer).containsExactly("peer-1", "peer-2");
        });
    }
}
