package dev.oltpmesh.support.kafka;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One transaction is one trace across the services: its context travels in the headers of every
 * record written on its behalf (W3C {@code traceparent} by default), and each service's work on it is
 * a span whose parent is the record that asked for it.
 *
 * <p>Spring Kafka's own observations cover a record listener and a send made in its scope; the mesh's
 * listeners take batches (one database transaction, one Kafka transaction, one signature for many
 * transactions), so each record's context is taken from and given to its record here instead. The
 * headers are outside what {@code EventSignatures} signs: a context changes nothing an event says.
 */
public final class KafkaTracing {

    /** For code run without a tracer (tests of one class): no span, no header. */
    public static final KafkaTracing NONE = new KafkaTracing(Tracer.NOOP, Propagator.NOOP);

    private final Tracer tracer;
    private final Propagator propagator;

    public KafkaTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** A span for this service's work on a record, in scope on this thread until closed. */
    public Hop consumed(String name, Headers headers, String txId) {
        return start(propagator.extract(headers, KafkaTracing::header), name, txId);
    }

    /** The same for work asked for by a context stored earlier (see {@link #currentContext()}). */
    public Hop resumed(String name, String storedContext, String txId) {
        return start(propagator.extract(decode(storedContext), Map::get), name, txId);
    }

    private Hop start(Span.Builder builder, String name, String txId) {
        Span span = builder.name(name).kind(Span.Kind.CONSUMER).start();
        if (txId != null) {
            span.tag("mesh.tx_id", txId);
        }
        return new Hop(span, tracer.withSpan(span));
    }

    /** Gives the current span's context to a record about to be sent. */
    public void inject(Headers headers) {
        TraceContext context = tracer.currentTraceContext().context();
        if (context != null) {
            propagator.inject(context, headers, (carrier, key, value) -> {
                carrier.remove(key);
                carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
            });
        }
    }

    /** The current span's context as text, for a record to be sent later from a table; null without one. */
    public String currentContext() {
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        propagator.inject(context, fields, Map::put);
        return fields.isEmpty() ? null : fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }

    /** The context a record carries, as text (see {@link #currentContext()}); null without one. */
    public String contextIn(Headers headers) {
        String stored = propagator.fields().stream()
                .filter(key -> headers.lastHeader(key) != null)
                .map(key -> key + "=" + header(headers, key))
                .collect(Collectors.joining("\n"));
        return stored.isEmpty() ? null : stored;
    }

    /** Puts a stored context (see {@link #currentContext()}) into a record's headers. */
    public static void restore(Headers headers, String storedContext) {
        decode(storedContext).forEach((key, value) -> {
            headers.remove(key);
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        });
    }

    private static Map<String, String> decode(String storedContext) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (storedContext != null) {
            for (String line : storedContext.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return fields;
    }

    private static String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A span in scope: closing it leaves the scope and ends the span. */
    public static final class Hop implements AutoCloseable {

        private final Span span;
        private final Tracer.SpanInScope scope;

        private Hop(Span span, Tracer.SpanInScope scope) {
            this.span = span;
            this.scope = scope;
        }

        public void error(Throwable e) {
            span.error(e);
        }

        @Override
        public void close() {
            scope.close();
            span.end();
        }
    }
}
