package dev.oltpmesh.peer.backfill;

import dev.oltpmesh.peer.schema.TableMaterializer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import javax.sql.DataSource;

/** A peer's own database, migrated as the peer migrates it, with the parts the copy tests use. */
record PeerDatabase(EmbeddedPostgres postgres, JdbcClient jdbc, TransactionTemplate transactions,
                    TableMaterializer materializer, BackfillRows rows) implements AutoCloseable {

    static PeerDatabase start() throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        DataSource dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/peer-migration").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        TableMaterializer materializer = new TableMaterializer(jdbc, transactions);
        return new PeerDatabase(postgres, jdbc, transactions, materializer, new BackfillRows(jdbc, materializer));
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
