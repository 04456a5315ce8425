package dev.oltpmesh.support.kafka;

import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.support.identity.EventSignatures;
import dev.oltpmesh.support.identity.ServiceIdentity;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** Writes any contract in its canonical JSON, signed by the service that produces it. */
public class MeshSerializer<T> implements Serializer<T> {

    private final ServiceIdentity identity;

    public MeshSerializer(ServiceIdentity identity) {
        this.identity = identity;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        throw new UnsupportedOperationException("mesh events are signed into their record's headers");
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (data == null) {
            return null;
        }
        if (data instanceof SignedTogether.Written written) {
            return written.bytes();
        }
        byte[] value = MeshJson.toBytes(data);
        EventSignatures.sign(identity, topic, headers, value);
        return value;
    }
}
