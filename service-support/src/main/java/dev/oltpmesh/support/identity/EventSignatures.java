package dev.oltpmesh.support.identity;

import dev.oltpmesh.model.event.ConfigEvent;
import dev.oltpmesh.model.event.DeadLetterEvent;
import dev.oltpmesh.model.event.MeshEvent;
import dev.oltpmesh.model.event.PartAborted;
import dev.oltpmesh.model.event.PartApplied;
import dev.oltpmesh.model.event.PartCommitted;
import dev.oltpmesh.model.event.PartPrepared;
import dev.oltpmesh.model.event.PartRefused;
import dev.oltpmesh.model.event.PeerEvent;
import dev.oltpmesh.model.event.RouterStateEvent;
import dev.oltpmesh.model.event.SubmittedEvent;
import dev.oltpmesh.model.event.TransactionCommitted;
import dev.oltpmesh.model.event.TransactionDecided;
import dev.oltpmesh.model.event.TransactionFailed;
import dev.oltpmesh.model.event.TransactionRouted;
import dev.oltpmesh.model.event.TxEvent;
import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.security.ServiceRole;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every event is signed by the service that produced it: Ed25519 over the topic and the record's
 * value, the key id and signature in the {@code mesh-key-id} and {@code mesh-signature} headers.
 * A consumer opens an event only if the signature holds, the key is one of the mesh's, and the
 * signer is the one service that may produce an event of its type: parts, decisions and outcomes
 * the router; submissions a gateway; configuration the config service; a peer's acknowledgement
 * the peer it names.
 *
 * <p>Records a service sends together (a batch's parts and outcomes, an outbox's acknowledgements)
 * are signed together: one signature over the root of a {@link MerkleTree} of their topics and
 * values, and each record's path to that root in the {@code mesh-proof} header. A consumer verifies
 * the signature of a root once and checks every further record of it by hashing alone: signatures
 * are the largest cost of an event, and a batch of k transactions then costs one instead of about
 * 8k signatures and 30k verifications.
 */
public final class EventSignatures {

    public static final String KEY_ID = "mesh-key-id";
    public static final String SIGNATURE = "mesh-signature";
    public static final String PROOF = "mesh-proof";
    /** At most this many records under one signature: a proof stays under 300 bytes. */
    static final int MAX_SIGNED_TOGETHER = 256;
    private static final byte[] ROOT_PREFIX = "\0mesh-merkle-root\0".getBytes(StandardCharsets.UTF_8);
    private static final int REMEMBERED_ROOTS = 4096;

    /** A record to sign: where it goes, its value, and the headers its signature goes into. */
    public record Unsigned(String topic, byte[] value, Headers headers) {
    }

    /** A root whose signature by a key held: the roots of recent batches, newest kept. */
    private record VerifiedRoot(String keyId, ByteBuffer rootAndSignature) {
    }

    private final TrustStore trust;
    private final Map<VerifiedRoot, Boolean> verifiedRoots = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<VerifiedRoot, Boolean> eldest) {
                    return size() > REMEMBERED_ROOTS;
                }
            });

    public EventSignatures(TrustStore trust) {
        this.trust = trust;
    }

    public static void sign(ServiceIdentity identity, String topic, Headers headers, byte[] value) {
        clear(headers);
        headers.add(KEY_ID, identity.keyId().getBytes(StandardCharsets.UTF_8));
        headers.add(SIGNATURE, identity.sign(signed(topic, value)));
    }

    /** Signs records that are sent together, up to {@value #MAX_SIGNED_TOGETHER} under one signature. */
    public static void signTogether(ServiceIdentity identity, List<Unsigned> records) {
        for (int from = 0; from < records.size(); from += MAX_SIGNED_TOGETHER) {
            List<Unsigned> group = records.subList(from, Math.min(records.size(), from + MAX_SIGNED_TOGETHER));
            if (group.size() == 1) {
                Unsigned only = group.getFirst();
                sign(identity, only.topic(), only.headers(), only.value());
                continue;
            }
            MerkleTree.Tree tree = MerkleTree.of(group.stream().map(r -> MerkleTree.leaf(r.topic(), r.value())).toList());
            byte[] keyId = identity.keyId().getBytes(StandardCharsets.UTF_8);
            byte[] signature = identity.sign(rootMessage(tree.root()));
            for (int i = 0; i < group.size(); i++) {
                Headers headers = group.get(i).headers();
                clear(headers);
                headers.add(KEY_ID, keyId);
                headers.add(SIGNATURE, signature);
                headers.add(PROOF, tree.proofs().get(i));
            }
        }
    }

    private static void clear(Headers headers) {
        headers.remove(KEY_ID);
        headers.remove(SIGNATURE);
        headers.remove(PROOF);
    }

    /** The event, read and checked; an {@link EventRefusedException} (or a parse error) if it may not be acted on. */
    public <T extends MeshEvent> T open(String topic, Headers headers, byte[] value, Class<T> type) {
        Header keyHeader = headers == null ? null : headers.lastHeader(KEY_ID);
        Header signatureHeader = headers == null ? null : headers.lastHeader(SIGNATURE);
        if (keyHeader == null || signatureHeader == null || value == null) {
            throw EventRefusedException.unsigned();
        }
        String keyId = new String(keyHeader.value(), StandardCharsets.UTF_8);
        TrustedKey signer = trust.find(keyId).orElseThrow(() -> EventRefusedException.unknownKey(keyId));
        Header proof = headers.lastHeader(PROOF);
        if (proof == null) {
            if (!Ed25519.verify(signer.publicKey(), signed(topic, value), signatureHeader.value())) {
                throw EventRefusedException.badSignature(keyId);
            }
        } else {
            verifyTogether(signer, topic, value, signatureHeader.value(), proof.value());
        }
        T event = MeshJson.fromBytes(value, type);
        checkSigner(signer, event);
        return event;
    }

    /** A record signed with others: its path leads to a root, and that root's signature holds (checked once). */
    private void verifyTogether(TrustedKey signer, String topic, byte[] value, byte[] signature, byte[] proof) {
        byte[] root;
        try {
            root = MerkleTree.root(MerkleTree.leaf(topic, value), proof);
        } catch (IllegalArgumentException e) {
            throw EventRefusedException.badSignature(signer.keyId());
        }
        VerifiedRoot verified = new VerifiedRoot(signer.keyId(),
                ByteBuffer.wrap(ByteBuffer.allocate(root.length + signature.length).put(root).put(signature).array()));
        if (verifiedRoots.containsKey(verified)) {
            return;
        }
        if (!Ed25519.verify(signer.publicKey(), rootMessage(root), signature)) {
            throw EventRefusedException.badSignature(signer.keyId());
        }
        verifiedRoots.put(verified, Boolean.TRUE);
    }

    /** What a root's signature covers; it starts with a zero byte, which no topic name (what a single record's signature starts with) does. */
    private static byte[] rootMessage(byte[] root) {
        byte[] message = new byte[ROOT_PREFIX.length + root.length];
        System.arraycopy(ROOT_PREFIX, 0, message, 0, ROOT_PREFIX.length);
        System.arraycopy(root, 0, message, ROOT_PREFIX.length, root.length);
        return message;
    }

    static void checkSigner(TrustedKey signer, MeshEvent event) {
        switch (event) {
            case ConfigEvent _ -> require(signer, ServiceRole.CONFIG);
            case SubmittedEvent _ -> require(signer, ServiceRole.GATEWAY);
            case PeerEvent _, RouterStateEvent _ -> require(signer, ServiceRole.ROUTER);
            case TxEvent tx -> checkTxSigner(signer, tx);
            case DeadLetterEvent _ -> {
                // Any service may put aside what it could not process; nothing acts on a dead letter.
            }
        }
    }

    private static void checkTxSigner(TrustedKey signer, TxEvent event) {
        switch (event) {
            case TransactionRouted _, TransactionDecided _, TransactionCommitted _, TransactionFailed _ ->
                    require(signer, ServiceRole.ROUTER);
            case PartApplied a -> requirePeer(signer, a.peer());
            case PartRefused r -> requirePeer(signer, r.peer());
            case PartPrepared p -> requirePeer(signer, p.peer());
            case PartCommitted c -> requirePeer(signer, c.peer());
            case PartAborted a -> requirePeer(signer, a.peer());
        }
    }

    private static void require(TrustedKey signer, ServiceRole role) {
        if (signer.role() != role) {
            throw EventRefusedException.wrongSigner(describe(signer), "the " + role.name().toLowerCase());
        }
    }

    private static void requirePeer(TrustedKey signer, String peer) {
        if (signer.role() != ServiceRole.PEER || !signer.service().equals(peer)) {
            throw EventRefusedException.wrongSigner(describe(signer), "peer " + peer);
        }
    }

    private static String describe(TrustedKey signer) {
        return signer.role().name().toLowerCase() + " " + signer.service();
    }

    private static byte[] signed(String topic, byte[] value) {
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[name.length + 1 + value.length];
        System.arraycopy(name, 0, all, 0, name.length);
        System.arraycopy(value, 0, all, name.length + 1, value.length);
        return all;
    }
}
