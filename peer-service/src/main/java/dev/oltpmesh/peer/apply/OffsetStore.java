package dev.oltpmesh.peer.apply;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

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

    void store(String topic, int partition, long nextOffset) {
        jdbc.sql("""
                        insert into mesh_offsets (topic, partition, next_offset) values (?, ?, ?)
                        on conflict (topic, partition) do update set next_offset = excluded.next_offset""")
                .param(topic).param(partition).param(nextOffset).update();
    }
}
