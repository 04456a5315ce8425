package dev.oltpmesh.support.kafka;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaTracingTest {

    private final List<SpanData> ended = new CopyOnWriteArrayList<>();
    private final KafkaTracing tracing = tracing();

    private KafkaTracing tracing() {
        SpanExporter collect = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                ended.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        var otel = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(collect)).build()
                .get("test");
        OtelTracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> {
        });
        return new KafkaTracing(tracer, new OtelPropagator(
                ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));
    }

    @Test
    void shouldMakeTheWorkOnARecordAChildOfTheSpanThatSentIt() {
        RecordHeaders sent = new RecordHeaders();
        try (KafkaTracing.Hop _ = tracing.consumed("route", new RecordHeaders(), "tx-1")) {
            tracing.inject(sent);
        }
        try (KafkaTracing.Hop _ = tracing.consumed("apply", sent, "tx-1")) {
            assertThat(tracing.currentContext()).startsWith("traceparent=00-");
        }
        assertThat(ended).hasSize(2);
        SpanData route = ended.get(0);
        SpanData apply = ended.get(1);
        assertThat(apply.getTraceId()).isEqualTo(route.getTraceId());
        assertThat(apply.getParentSpanId()).isEqualTo(route.getSpanId());
        assertThat(apply.getName()).isEqualTo("apply");
    }

    @Test
    void shouldCarryAContextThroughATableAndBackIntoARecord() {
        String stored;
        try (KafkaTracing.Hop _ = tracing.consumed("prepare", new RecordHeaders(), "tx-2")) {
            stored = tracing.currentContext();
        }
        RecordHeaders outgoing = new RecordHeaders();
        KafkaTracing.restore(outgoing, stored);
        assertThat(tracing.contextIn(outgoing)).isEqualTo(stored);
        try (KafkaTracing.Hop _ = tracing.resumed("decide", tracing.contextIn(outgoing), "tx-2")) {
            tracing.inject(outgoing);
        }
        assertThat(ended.get(1).getParentSpanId()).isEqualTo(ended.get(0).getSpanId());
        // The decide span's context replaced the one the record came with: one traceparent, never two.
        assertThat(outgoing.headers("traceparent")).hasSize(1);
        assertThat(tracing.contextIn(outgoing)).contains(ended.get(1).getSpanId());
    }

    @Test
    void shouldGiveNothingAndStartNewTracesWithoutAContext() {
        RecordHeaders headers = new RecordHeaders();
        tracing.inject(headers);
        assertThat(headers.toArray()).isEmpty();
        assertThat(tracing.currentContext()).isNull();
        assertThat(tracing.contextIn(headers)).isNull();
        try (KafkaTracing.Hop _ = tracing.resumed("decide", null, "tx-3")) {
            assertThat(tracing.currentContext()).isNotNull();
        }
        assertThat(ended).singleElement().satisfies(s -> assertThat(s.getParentSpanId()).isEqualTo("0000000000000000"));
        assertThat(ended.getFirst().getAttributes().asMap().values()).contains("tx-3");
    }

    @Test
    void shouldDoNothingWithoutATracer() {
        RecordHeaders headers = new RecordHeaders();
        try (KafkaTracing.Hop _ = KafkaTracing.NONE.consumed("route", headers, "tx-4")) {
            KafkaTracing.NONE.inject(headers);
        }
        assertThat(headers.toArray()).isEmpty();
        assertThat(KafkaTracing.NONE.currentContext()).isNull();
    }
}
