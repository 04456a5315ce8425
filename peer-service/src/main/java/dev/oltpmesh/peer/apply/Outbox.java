package dev.oltpmesh.peer.apply;

import dev.oltpmesh.model.json.MeshJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import dev.oltpmesh.support.identity.EventSignatures;
import dev.oltpmesh.support.identity.ServiceIdentity;
import dev.oltpmesh.support.kafka.KafkaTracing;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the peer has to say on Kafka (acks on {@code mesh.tx.events}, refusals on {@code mesh.dlq})
 * is written to this table in the same database transaction as the rows, then sent and deleted.
 * A crash between commit and send only delays the message: the next flush sends it.
 */
@Component
class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private record Message(long id, String topic, String key, byte[] payload, String traceContext) {
    }

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ServiceIdentity identity;
    private final KafkaTracing tracing;

    private final TransactionTemplate transactions;

    Outbox(JdbcClient jdbc, KafkaTemplate<String, byte[]> rawKafkaTemplate, ServiceIdentity identity,
           PlatformTransactionManager transactionManager, KafkaTracing tracing) {
        this.tracing = tracing;
        // A transaction of its own, even if a caller had one: only the delete may skip waiting for the disk.
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.identity = identity;
        this.jdbc = jdbc;
        this.kafka = rawKafkaTemplate;
    }

    /** A message that is the outcome of the work traced now (the span current on this thread). */
    void add(String topic, String key, Object event) {
        add(topic, key, event, tracing.currentContext());
    }

    /** A message that is the outcome of work traced earlier, whose context {@link KafkaTracing} gave. */
    void add(String topic, String key, Object event, String traceContext) {
        jdbc.sql("insert into mesh_outbox (topic, key, payload, trace_context) values (?, ?, ?, ?)")
                .param(topic).param(key).param(MeshJson.toBytes(event)).param(traceContext).update();
    }

    @Scheduled(fixedDelayString = "PT1S")
    void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("outbox not flushed yet, will retry: {}", e.getMessage());
        }
    }

    synchronized void flush() {
        while (true) {
            List<Message> messages = jdbc.sql("select id, topic, key, payload, trace_context from mesh_outbox order by id limit 5000")
                    .query((rs, n) -> new Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                            rs.getString(5)))
                    .list();
            if (messages.isEmpty()) {
                return;
            }
            List<ProducerRecord<String, byte[]>> records = messages.stream().map(m -> {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(m.topic(), m.key(), m.payload());
                KafkaTracing.restore(record.headers(), m.traceContext());
                return record;
            }).toList();
            // Signed together: one signature for what one flush sends.
            EventSignatures.signTogether(identity, records.stream()
                    .map(r -> new EventSignatures.Unsigned(r.topic(), r.value(), r.headers())).toList());
            List<CompletableFuture<?>> sends = new ArrayList<>();
            records.forEach(r -> sends.add(kafka.send(r)));
            try {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                throw new IllegalStateException("outbox send failed: " + e.getMessage(), e);
            }
            // Exactly the rows sent: a row with a lower id may commit after this read (ids are taken when a
            // transaction inserts, not when it commits), and "id <= last" would delete it unsent.
            Long[] sent = messages.stream().map(Message::id).toArray(Long[]::new);
            transactions.executeWithoutResult(status -> {
                // A delete lost in a crash sends its messages again, which every reader takes as the
                // same news: the inbox's next batch need not wait for the disk here.
                jdbc.sql("set local synchronous_commit = off").update();
                jdbc.sql("delete from mesh_outbox where id = any(?)").param(sent).update();
            });
        }
    }
}
