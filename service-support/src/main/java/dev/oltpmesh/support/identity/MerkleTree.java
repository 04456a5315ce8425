package dev.oltpmesh.support.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A SHA-256 Merkle tree over records sent together, so that one signature over its root signs them
 * all and each record still proves its own place with a short path (32 bytes per level). Leaves and
 * nodes are hashed with different prefixes, so a node can never pass for a record.
 *
 * <p>A proof is the leaf's index and the number of leaves (4 bytes each), then the hashes of its
 * siblings from the bottom up; a node without a sibling (the last of an odd level) goes up as it is.
 */
final class MerkleTree {

    static final int MAX_LEAVES = 1 << 16;
    private static final int HASH_BYTES = 32;

    private MerkleTree() {
    }

    /** The leaf of a record: its topic and its value, as a single record's signature covers them. */
    static byte[] leaf(String topic, byte[] value) {
        MessageDigest sha = sha256();
        sha.update((byte) 0);
        sha.update(topic.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(value);
        return sha.digest();
    }

    /** The root of the leaves, and each leaf's proof, in the leaves' order. */
    record Tree(byte[] root, List<byte[]> proofs) {
    }

    static Tree of(List<byte[]> leaves) {
        if (leaves.isEmpty() || leaves.size() > MAX_LEAVES) {
            throw new IllegalArgumentException("a tree has 1 to " + MAX_LEAVES + " leaves, not " + leaves.size());
        }
        List<List<byte[]>> levels = new ArrayList<>();
        levels.add(leaves);
        while (levels.getLast().size() > 1) {
            List<byte[]> below = levels.getLast();
            List<byte[]> above = new ArrayList<>((below.size() + 1) / 2);
            for (int i = 0; i < below.size(); i += 2) {
                above.add(i + 1 < below.size() ? node(below.get(i), below.get(i + 1)) : below.get(i));
            }
            levels.add(above);
        }
        List<byte[]> proofs = new ArrayList<>(leaves.size());
        for (int leaf = 0; leaf < leaves.size(); leaf++) {
            List<byte[]> siblings = new ArrayList<>();
            int index = leaf;
            for (List<byte[]> level : levels.subList(0, levels.size() - 1)) {
                int sibling = index ^ 1;
                if (sibling < level.size()) {
                    siblings.add(level.get(sibling));
                }
                index /= 2;
            }
            ByteBuffer proof = ByteBuffer.allocate(8 + HASH_BYTES * siblings.size());
            proof.putInt(leaf).putInt(leaves.size());
            siblings.forEach(proof::put);
            proofs.add(proof.array());
        }
        return new Tree(levels.getLast().getFirst(), proofs);
    }

    /** The root a leaf and its proof lead to; an IllegalArgumentException if the proof is not one. */
    static byte[] root(byte[] leaf, byte[] proof) {
        if (proof == null || proof.length < 8 || (proof.length - 8) % HASH_BYTES != 0) {
            throw new IllegalArgumentException("a malformed proof");
        }
        ByteBuffer in = ByteBuffer.wrap(proof);
        int index = in.getInt();
        int count = in.getInt();
        if (count < 2 || count > MAX_LEAVES || index < 0 || index >= count) {
            throw new IllegalArgumentException("a proof of leaf " + index + " of " + count);
        }
        byte[] hash = leaf;
        for (int size = count; size > 1; size = (size + 1) / 2, index /= 2) {
            int sibling = index ^ 1;
            if (sibling >= size) {
                continue;
            }
            if (in.remaining() < HASH_BYTES) {
                throw new IllegalArgumentException("a proof too short for its tree");
            }
            byte[] other = new byte[HASH_BYTES];
            in.get(other);
            hash = sibling < index ? node(other, hash) : node(hash, other);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("a proof too long for its tree");
        }
        return hash;
    }

    private static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 1);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
