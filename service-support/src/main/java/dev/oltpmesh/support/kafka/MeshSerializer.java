package dev.oltpmesh.support.kafka;

import dev.oltpmesh.model.json.MeshJson;
import org.apache.kafka.common.serialization.Serializer;

/** Writes any contract in its canonical JSON. */
public class MeshSerializer<T> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : MeshJson.toBytes(data);
    }
}
