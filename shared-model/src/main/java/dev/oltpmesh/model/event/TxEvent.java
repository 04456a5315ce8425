package dev.oltpmesh.model.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What travels on {@code mesh.tx.events}, keyed by txId: the life of every transaction. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = TransactionRouted.class, name = "TransactionRouted"),
        @JsonSubTypes.Type(value = PartApplied.class, name = "PartApplied"),
        @JsonSubTypes.Type(value = PartRefused.class, name = "PartRefused"),
        @JsonSubTypes.Type(value = PartPrepared.class, name = "PartPrepared"),
        @JsonSubTypes.Type(value = TransactionDecided.class, name = "TransactionDecided"),
        @JsonSubTypes.Type(value = PartCommitted.class, name = "PartCommitted"),
        @JsonSubTypes.Type(value = PartAborted.class, name = "PartAborted"),
        @JsonSubTypes.Type(value = TransactionCommitted.class, name = "TransactionCommitted"),
        @JsonSubTypes.Type(value = TransactionFailed.class, name = "TransactionFailed")
})
public sealed interface TxEvent extends MeshEvent
        permits TransactionRouted, PartApplied, PartRefused, PartPrepared, TransactionDecided, PartCommitted,
        PartAborted, TransactionCommitted, TransactionFailed {

    String txId();
}
