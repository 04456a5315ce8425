package dev.oltpmesh.support.kafka;

import dev.oltpmesh.model.event.MeshEvent;
import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.support.identity.EventSignatures;
import dev.oltpmesh.support.identity.ServiceIdentity;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaOperations;

import java.util.ArrayList;
import java.util.List;

/**
 * Events a service sends together (in one Kafka transaction), gathered, then signed with one
 * signature (see {@link EventSignatures}) and sent in the order they were added.
 */
public final class SignedTogether {

    /** A value already written and signed into its record's headers: {@link MeshSerializer} sends it as it is. */
    record Written(byte[] bytes) {
    }

    private final ServiceIdentity identity;
    private final KafkaTracing tracing;
    private final List<ProducerRecord<String, Object>> records = new ArrayList<>();

    public SignedTogether(ServiceIdentity identity, KafkaTracing tracing) {
        this.identity = identity;
        this.tracing = tracing;
    }

    /** Adds an event, with the trace context of the span current now (the work it is the outcome of). */
    public void add(String topic, String key, MeshEvent event) {
        ProducerRecord<String, Object> record = new ProducerRecord<>(topic, key, new Written(MeshJson.toBytes(event)));
        tracing.inject(record.headers());
        records.add(record);
    }

    /** Signs and sends everything added, through a template whose values {@link MeshSerializer} writes. */
    public void sendAll(KafkaOperations<String, Object> kafka) {
        EventSignatures.signTogether(identity, records.stream().map(r -> new EventSignatures.Unsigned(r.topic(),
                ((Written) r.value()).bytes(), r.headers())).toList());
        records.forEach(kafka::send);
        records.clear();
    }
}
