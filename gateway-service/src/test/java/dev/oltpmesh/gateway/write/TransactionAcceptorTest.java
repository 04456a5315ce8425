package dev.oltpmesh.gateway.write;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.status.SharedTransactions;
import dev.oltpmesh.gateway.status.TxStatus;
import dev.oltpmesh.gateway.status.TxStatusView;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.event.TransactionSubmitted;
import dev.oltpmesh.support.kafka.MeshTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.oltpmesh.support.kafka.KafkaTracing;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class TransactionAcceptorTest {

    private static final byte[] BODY = "{\"inserts\":[]}".getBytes(StandardCharsets.UTF_8);
    private static final List<TableRows> ROWS = List.of(new TableRows("t", 1, List.of(Map.of("k", "a"))));
    private static final String FIRST = "01a2f0c0-0000-7000-8000-000000000001";

    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, Object> kafka = mock(KafkaTemplate.class);
    private final TxStatusView statuses = mock(TxStatusView.class);
    private final SharedTransactions shared = mock(SharedTransactions.class);
    private TransactionAcceptor acceptor;

    @BeforeEach
    void setUp() {
        GatewayProperties properties = mock(GatewayProperties.class);
        given(properties.topics()).willReturn(new MeshTopics("mesh.tx.submitted", "mesh.tx.events", "mesh.config",
                "mesh.peer.", "mesh.dlq", "mesh.router.state"));
        given(kafka.send(any(ProducerRecord.class))).willReturn(CompletableFuture.completedFuture(null));
        acceptor = new TransactionAcceptor(kafka, statuses, shared, properties, new SimpleMeterRegistry(),
                KafkaTracing.NONE);
    }

    @SuppressWarnings("unchecked")
    private ProducerRecord<String, Object> sentRecord() {
        ArgumentCaptor<ProducerRecord<String, Object>> sent = ArgumentCaptor.forClass(ProducerRecord.class);
        verify(kafka).send(sent.capture());
        return sent.getValue();
    }

    /** The claim another request made first, for this body. */
    private void firstClaimedBy(String txId, String requestHash) {
        given(shared.claim(any())).willAnswer(call -> {
            SharedTransactions.KeyClaim offered = call.getArgument(0);
            return new SharedTransactions.KeyClaim(offered.scopedKey(),
                    requestHash == null ? offered.requestHash() : requestHash, txId == null ? offered.txId() : txId);
        });
    }

    @Test
    void shouldSendAFirstUseOfAKeyUnderTheTxIdItClaimed() {
        firstClaimedBy(null, null);
        var accepted = acceptor.accept("admin", "k1", BODY, ROWS);
        ProducerRecord<String, Object> sent = sentRecord();
        assertThat(sent.topic()).isEqualTo("mesh.tx.submitted");
        assertThat(sent.key()).isEqualTo(accepted.txId());
        assertThat(((TransactionSubmitted) sent.value()).idempotencyKey()).isEqualTo("admin:k1");
        assertThat(accepted.repeated()).isFalse();
    }

    @Test
    void shouldAnswerTheFirstTxIdAndSendNothingWhenTheFirstRequestIsKnown() {
        firstClaimedBy(FIRST, null);
        given(statuses.status(FIRST)).willReturn(Optional.of(new TxStatus(FIRST, TxStatus.COMMITTED, 1, Instant.now(),
                Instant.now(), List.of(), null, null, "admin")));
        var accepted = acceptor.accept("admin", "k1", BODY, ROWS);
        assertThat(accepted.txId()).isEqualTo(FIRST);
        assertThat(accepted.repeated()).isTrue();
        verify(kafka, never()).send(any(ProducerRecord.class));
    }

    @Test
    void shouldSendAgainUnderTheFirstTxIdWhenNothingIsKnownOfIt() {
        firstClaimedBy(FIRST, null);
        given(statuses.status(FIRST)).willReturn(Optional.empty());
        var accepted = acceptor.accept("admin", "k1", BODY, ROWS);
        assertThat(accepted.txId()).isEqualTo(FIRST);
        assertThat(sentRecord().key()).isEqualTo(FIRST);
    }

    @Test
    void shouldRefuseTheSameKeyWithAnotherBody() {
        firstClaimedBy(FIRST, "0".repeat(64));
        assertThatThrownBy(() -> acceptor.accept("admin", "k1", BODY, ROWS)).isInstanceOf(GatewayException.class)
                .hasMessageContaining("different request body");
        verify(kafka, never()).send(any(ProducerRecord.class));
    }

    @Test
    void shouldNotAskForAClaimWithoutAKey() {
        acceptor.accept("admin", null, BODY, ROWS);
        verify(shared, never()).claim(any());
        assertThat(sentRecord().topic()).isEqualTo("mesh.tx.submitted");
    }

    @Test
    void shouldKeepTheKeysOfTwoClientsApartWhateverTheirNames() {
        firstClaimedBy(null, null);
        ArgumentCaptor<SharedTransactions.KeyClaim> claims = ArgumentCaptor.forClass(SharedTransactions.KeyClaim.class);
        acceptor.accept("a:b", "c", BODY, ROWS);
        acceptor.accept("a", "b:c", BODY, ROWS);
        verify(shared, org.mockito.Mockito.times(2)).claim(claims.capture());
        assertThat(claims.getAllValues().get(0).scopedKey()).isNotEqualTo(claims.getAllValues().get(1).scopedKey());
    }
}
