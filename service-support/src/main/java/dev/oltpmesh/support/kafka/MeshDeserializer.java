package dev.oltpmesh.support.kafka;

import dev.oltpmesh.model.json.MeshJson;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a contract of one topic, by its sealed interface. */
public class MeshDeserializer<T> implements Deserializer<T> {

    private final Class<T> type;

    public MeshDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : MeshJson.fromBytes(data, type);
    }
}
