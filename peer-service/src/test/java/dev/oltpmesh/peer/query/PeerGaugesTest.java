package dev.oltpmesh.peer.query;

import dev.oltpmesh.peer.PeerProperties;
import dev.oltpmesh.support.kafka.MeshTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class PeerGaugesTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PeerProgress progress = mock(PeerProgress.class);
    private final PeerProperties properties = new PeerProperties("peer-2", "http://config:8081",
            new MeshTopics("mesh.tx.submitted", "mesh.tx.events", "mesh.config", "mesh.peer.", "mesh.dlq",
                    "mesh.router.state"), Duration.ofSeconds(30));

    @Test
    void shouldReportTheRowsAndTheLagOfThePeerTaggedWithItsId() {
        when(progress.rows()).thenReturn(1234L);
        when(progress.inboxEnd()).thenReturn(50L);
        when(progress.appliedOffset()).thenReturn(42L);
        new PeerGauges(progress, properties, meters);

        assertThat(meters.get("mesh.peer.rows").tag("peer", "peer-2").gauge().value()).isEqualTo(1234);
        assertThat(meters.get("mesh.peer.inbox.lag").tag("peer", "peer-2").gauge().value()).isEqualTo(8);
    }

    @Test
    void shouldReportNoLagWhileKafkaDoesNotSayWhereTheInboxEnds() {
        when(progress.inboxEnd()).thenReturn(null);
        new PeerGauges(progress, properties, meters);

        assertThat(meters.get("mesh.peer.inbox.lag").gauge().value()).isNaN();
    }

    @Test
    void shouldNeverReportALagBelowZero() {
        // The end is read before the applied offset, which a batch applied in between can pass.
        when(progress.inboxEnd()).thenReturn(40L);
        when(progress.appliedOffset()).thenReturn(42L);
        new PeerGauges(progress, properties, meters);

        assertThat(meters.get("mesh.peer.inbox.lag").gauge().value()).isZero();
    }
}
