package dev.oltpmesh.peer.apply;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The inbox offsets the peer has applied, stored with the rows so both commit or neither does. */
@Component
class OffsetStore {

    private final JdbcClient jdbc;

    OffsetStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Long> nextOffset(String topic, int partition) {
        return jdbc.sql("select next_offset from mesh_offsets where topic = ? and partition = ?")
                .param(topic).param(partition).query(Long.class).optional();
    }

    /** Resumes every assigned partition where the stored offsets say, or from its beginning: never from its end. */
    void seekToStored(Map<TopicPartition, Long> assignments, ConsumerSeekAware.ConsumerSeekCallback callback) {
        assignments.keySet().forEach(tp -> nextOffset(tp.topic(), tp.partition()).ifPresentOrElse(
                next -> callback.seek(tp.topic(), tp.partition(), next), () -> callback.seekToBeginning(List.of(tp))));
    }

    /** Whether a text is a txId at all (a UUID): anything else is refused before it reaches SQL. */
    static boolean isTxId(String text) {
        try {
            java.util.UUID.fromString(text);
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /** Per partition, the offset right after the last of these records: where to resume once they are handled. */
    static Map<TopicPartition, Long> after(Collection<? extends ConsumerRecord<?, ?>> records) {
        Map<TopicPartition, Long> next = new HashMap<>();
        records.forEach(r -> next.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max));
        return next;
    }

    void storeAfter(ConsumerRecord<?, ?> record) {
        store(record.topic(), record.partition(), record.offset() + 1);
    }

    /**
     * For a transaction that stores offsets past records whose effects are durable elsewhere already
     * (and can be read again harmlessly): its commit does not wait for the disk. Lost in a crash, it
     * takes the offsets with it, so those records are read again; WAL order keeps it from being lost
     * while a later transaction is not.
     */
    void commitWithoutWaitingForTheDisk() {
        jdbc.sql("set local synchronous_commit = off").update();
    }

    void storeAll(Map<TopicPartition, Long> next) {
        next.forEach((tp, offset) -> store(tp.topic(), tp.partition(), offset));
    }

    /** Only forward: a batch that stored its offsets in several transactions never moves them back. */
    void store(String topic, int partition, long nextOffset) {
        jdbc.sql("""
                        insert into mesh_offsets (topic, partition, next_offset) values (?, ?, ?)
                        on conflict (topic, partition)
                        do update set next_offset = greatest(mesh_offsets.next_offset, excluded.next_offset)""")
                .param(topic).param(partition).param(nextOffset).update();
    }
}
