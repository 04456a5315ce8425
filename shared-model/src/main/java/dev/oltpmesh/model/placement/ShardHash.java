package dev.oltpmesh.model.placement;

import dev.oltpmesh.model.schema.ColumnType;
import org.apache.commons.codec.digest.MurmurHash3;

import java.nio.charset.StandardCharsets;

/** The stable hash of a value: murmur3 32-bit (x86, seed 0) over the UTF-8 of its hash key. */
public final class ShardHash {

    private ShardHash() {
    }

    public static int shardOf(ColumnType type, Object canonicalValue, int shards) {
        byte[] bytes = type.hashKey(canonicalValue).getBytes(StandardCharsets.UTF_8);
        return Math.floorMod(MurmurHash3.hash32x86(bytes, 0, bytes.length, 0), shards);
    }
}
