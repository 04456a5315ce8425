package dev.oltpmesh.support.kafka;

import dev.oltpmesh.model.event.MeshEvent;
import dev.oltpmesh.support.identity.EventSignatures;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a contract of one topic, by its sealed interface, once its signature and signer hold. */
public class MeshDeserializer<T extends MeshEvent> implements Deserializer<T> {

    private final Class<T> type;
    private final EventSignatures signatures;

    public MeshDeserializer(Class<T> type, EventSignatures signatures) {
        this.type = type;
        this.signatures = signatures;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        throw new UnsupportedOperationException("mesh events are verified with their record's headers");
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return data == null ? null : signatures.open(topic, headers, data, type);
    }
}
