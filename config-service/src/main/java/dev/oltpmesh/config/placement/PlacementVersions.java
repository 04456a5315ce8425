package dev.oltpmesh.config.placement;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The cluster's placement version. Every configuration change takes this lock first, so changes
 * are validated and committed one group at a time.
 */
@Repository
public class PlacementVersions {

    private final JdbcClient jdbc;

    PlacementVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises configuration changes until the calling transaction ends. */
    public void lockForChange() {
        jdbc.sql("lock table placement_versions in exclusive mode").update();
    }

    public long current() {
        return jdbc.sql("select max(version) from placement_versions").query(Long.class).single();
    }

    public long next(String description) {
        long next = current() + 1;
        jdbc.sql("insert into placement_versions (version, description) values (?, ?)")
                .param(next).param(description).update();
        return next;
    }
}
