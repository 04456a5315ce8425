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

import java.nio.charset.StandardCharsets;

/**
 * Every event is signed by the service that produced it: Ed25519 over the topic and the record's
 * value, the key id and signature in the {@code mesh-key-id} and {@code mesh-signature} headers.
 * A consumer opens an event only if the signature holds, the key is one of the mesh's, and the
 * signer is the one service that may produce an event of its type: parts, decisions and outcomes
 * the router; submissions a gateway; configuration the config service; a peer's acknowledgement
 * the peer it names.
 */
public final class EventSignatures {

    public static final String KEY_ID = "mesh-key-id";
    public static final String SIGNATURE = "mesh-signature";

    private final TrustStore trust;

    public EventSignatures(TrustStore trust) {
        this.trust = trust;
    }

    public static void sign(ServiceIdentity identity, String topic, Headers headers, byte[] value) {
        headers.remove(KEY_ID);
        headers.remove(SIGNATURE);
        headers.add(KEY_ID, identity.keyId().getBytes(StandardCharsets.UTF_8));
        headers.add(SIGNATURE, identity.sign(signed(topic, value)));
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
        if (!Ed25519.verify(signer.publicKey(), signed(topic, value), signatureHeader.value())) {
            throw EventRefusedException.badSignature(keyId);
        }
        T event = MeshJson.fromBytes(value, type);
        checkSigner(signer, event);
        return event;
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
