package dev.oltpmesh.peer.backfill;

import dev.oltpmesh.peer.schema.TableMaterializer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

/**
 * A peer's own database for a test class ({@code @RegisterExtension static}), migrated as the peer
 * migrates it, with the parts the copy tests use.
 */
final class PeerDatabase implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgres postgres;
    private JdbcClient jdbc;
    private TransactionTemplate transactions;
    private TableMaterializer materializer;
    private BackfillRows rows;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        DataSource dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/peer-migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        materializer = new TableMaterializer(jdbc, transactions);
        rows = new BackfillRows(jdbc, materializer);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        postgres.close();
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    TransactionTemplate transactions() {
        return transactions;
    }

    TableMaterializer materializer() {
        return materializer;
    }

    BackfillRows rows() {
        return rows;
    }
}
