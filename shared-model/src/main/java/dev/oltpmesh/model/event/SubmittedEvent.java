package dev.oltpmesh.model.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What travels on {@code mesh.tx.submitted}: a client transaction, accepted by the gateway. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(value = TransactionSubmitted.class, name = "TransactionSubmitted"))
public sealed interface SubmittedEvent extends MeshEvent permits TransactionSubmitted {

    String txId();
}
