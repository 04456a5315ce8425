package dev.oltpmesh.peer.apply;

import dev.oltpmesh.peer.PeerProperties;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * This peer's side of two-phase commit, on PostgreSQL's own: a part is stored in a transaction that
 * is prepared ({@code PREPARE TRANSACTION}), which survives a crash and whose rows no query sees, and
 * is later committed or rolled back by its global id, {@code mesh:<txId>}.
 */
@Component
class PreparedParts {

    /** What the prepared transaction recorded of its part. */
    record Marker(long seq, int rows, String checksum, long placementVersion) {
    }

    private static final Logger log = LoggerFactory.getLogger(PreparedParts.class);

    private final JdbcClient jdbc;
    private final PeerProperties properties;
    private volatile int room;

    PreparedParts(JdbcClient jdbc, PeerProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Without prepared transactions no multi-peer transaction could commit here: say so at start. */
    @PostConstruct
    void requirePreparedTransactions() {
        int max = jdbc.sql("select current_setting('max_prepared_transactions')::int").query(Integer.class).single();
        // A few slots are left for parts that a crash left prepared and whose decisions are on their way.
        room = Math.max(1, max - 8);
        if (max == 0) {
            throw new IllegalStateException("the PostgreSQL database of " + properties.id()
                    + " has max_prepared_transactions = 0; multi-peer transactions need PostgreSQL's two-phase "
                    + "commit: start it with -c max_prepared_transactions=200 (or more)");
        }
    }

    /**
     * Waits while this peer holds as many undecided parts as PostgreSQL can: the decisions that free
     * them arrive on their own topic meanwhile. After a minute without room the part is prepared anyway
     * and, if PostgreSQL refuses it, refused (a no vote): better than holding the inbox for good.
     */
    void awaitRoom() {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
        boolean told = false;
        while (inDoubtCount() >= room && System.nanoTime() < deadline) {
            if (!told) {
                log.info("{} undecided parts held, as many as PostgreSQL allows; waiting for decisions", room);
                told = true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** How many undecided parts PostgreSQL can hold for this peer's inbox. */
    long room() {
        return room;
    }

    /** The undecided parts held now. */
    long inDoubtCount() {
        return jdbc.sql("select count(*) from pg_prepared_xacts where gid like 'mesh:%' and database = current_database()")
                .query(Long.class).single();
    }

    /** The global id; txIds are checked to be UUIDs before, so the id is safe to write into SQL. */
    static String gid(String txId) {
        return "mesh:" + UUID.fromString(txId);
    }

    /** Where a part read (perhaps again) stands: prepared and undecided, committed, or neither. */
    enum State { NONE, IN_DOUBT, COMMITTED }

    /** One question for both, under the txId's lock: a decision cannot finish it in between. */
    State stateOf(String txId) {
        return jdbc.sql("""
                        select exists(select 1 from pg_prepared_xacts where gid = ? and database = current_database()),
                               exists(select 1 from mesh_prepared_parts where tx_id = ?)""")
                .param(gid(txId)).param(UUID.fromString(txId))
                .query((rs, n) -> rs.getBoolean(1) ? State.IN_DOUBT : rs.getBoolean(2) ? State.COMMITTED : State.NONE)
                .single();
    }

    boolean inDoubt(String txId) {
        return jdbc.sql("select count(*) from pg_prepared_xacts where gid = ? and database = current_database()")
                .param(gid(txId)).query(Long.class).single() > 0;
    }

    /** Inside the transaction to prepare. */
    void mark(String txId, Marker marker) {
        jdbc.sql("insert into mesh_prepared_parts (tx_id, seq, rows, checksum, placement_version) values (?, ?, ?, ?, ?)")
                .param(UUID.fromString(txId)).param(marker.seq()).param(marker.rows()).param(marker.checksum())
                .param(marker.placementVersion()).update();
    }

    /** The last statement of the transaction: it is prepared, and the connection is left with none. */
    void prepare(String txId) {
        jdbc.sql("prepare transaction '" + gid(txId) + "'").update();
    }

    /** Outside any transaction (PostgreSQL refuses both inside one). */
    /** The version a prepared part was routed by, for whoever waits on older parts (see the status). */
    void rememberAll(Map<String, Long> placementVersions) {
        if (placementVersions.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into mesh_prepared_versions (tx_id, placement_version)
                        select * from unnest(?::uuid[], ?::bigint[]) on conflict do nothing""")
                .param(placementVersions.keySet().stream().map(UUID::fromString).toArray(UUID[]::new))
                .param(placementVersions.values().toArray(Long[]::new)).update();
    }

    void forgetAll(Collection<String> txIds) {
        if (txIds.isEmpty()) {
            return;
        }
        jdbc.sql("delete from mesh_prepared_versions where tx_id = any(?)")
                .param(txIds.stream().map(UUID::fromString).toArray(UUID[]::new)).update();
    }

    void commit(String txId) {
        jdbc.sql("commit prepared '" + gid(txId) + "'").update();
    }

    void rollback(String txId) {
        jdbc.sql("rollback prepared '" + gid(txId) + "'").update();
    }

    /** The markers of those among {@code txIds} whose prepared transactions committed: present exactly then. */
    Map<String, Marker> committedAmong(Collection<String> txIds) {
        Map<String, Marker> markers = new HashMap<>();
        if (txIds.isEmpty()) {
            return markers;
        }
        jdbc.sql("select tx_id::text, seq, rows, checksum, placement_version from mesh_prepared_parts where tx_id = any(?)")
                .param(txIds.stream().map(UUID::fromString).toArray(UUID[]::new))
                .query((RowCallbackHandler) rs -> markers.put(rs.getString(1),
                        new Marker(rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getLong(5))));
        return markers;
    }
}
