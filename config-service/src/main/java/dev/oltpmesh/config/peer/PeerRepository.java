package dev.oltpmesh.config.peer;

import dev.oltpmesh.model.peer.PeerDefinition;
import dev.oltpmesh.model.peer.PeerStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

@Repository
public class PeerRepository {

    private final JdbcClient jdbc;

    PeerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<PeerDefinition> all() {
        return jdbc.sql("select id, query_url, region, status from peers order by id").query(PeerRepository::map).list();
    }

    public List<String> activeIds() {
        return all().stream().filter(PeerDefinition::isActive).map(PeerDefinition::id).toList();
    }

    public Optional<PeerDefinition> find(String id) {
        return jdbc.sql("select id, query_url, region, status from peers where id = ?").param(id)
                .query(PeerRepository::map).optional();
    }

    /** @param placementVersion the version this registration is committed at */
    void save(PeerDefinition peer, long placementVersion) {
        jdbc.sql("""
                        insert into peers (id, query_url, region, status, placement_version, published)
                        values (?, ?, ?, ?, ?, false)
                        on conflict (id) do update set query_url = excluded.query_url, region = excluded.region,
                            status = excluded.status, placement_version = excluded.placement_version,
                            updated_at = now(), published = false""")
                .param(peer.id()).param(peer.queryUrl()).param(peer.region()).param(peer.status().name())
                .param(placementVersion).update();
    }

    /** The peer's status, committed at {@code placementVersion} (a peer's status decides where rows go). */
    public void changeStatus(String id, PeerStatus status, long placementVersion) {
        jdbc.sql("update peers set status = ?, placement_version = ?, updated_at = now(), published = false where id = ?")
                .param(status.name()).param(placementVersion).param(id).update();
    }

    private static PeerDefinition map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new PeerDefinition(rs.getString("id"), rs.getString("query_url"), rs.getString("region"),
                PeerStatus.valueOf(rs.getString("status")));
    }
}
