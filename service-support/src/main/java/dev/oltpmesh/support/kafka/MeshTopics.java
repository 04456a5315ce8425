package dev.oltpmesh.support.kafka;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The topic names of the mesh, set by properties so that two meshes can share a broker.
 *
 * @param submitted   client transactions accepted by the gateway
 * @param events      the life of every transaction, keyed by txId
 * @param config      compacted: the latest version of every table and peer
 * @param peerPrefix  a peer's inbox is {@code peerPrefix + peerId}
 * @param dlq         what a service refused, kept whole
 * @param routerState compacted: the router's round-robin insert pointers
 */
public record MeshTopics(@DefaultValue("mesh.tx.submitted") String submitted,
                         @DefaultValue("mesh.tx.events") String events,
                         @DefaultValue("mesh.config") String config,
                         @DefaultValue("mesh.peer.") String peerPrefix,
                         @DefaultValue("mesh.dlq") String dlq,
                         @DefaultValue("mesh.router.state") String routerState) {

    public String inboxOf(String peerId) {
        return peerPrefix + peerId;
    }

    /**
     * Where a peer learns the router's decisions on its two-phase parts: a topic of its own, read
     * beside the inbox, so that a decision never waits behind parts that wait for room to prepare.
     */
    public String decisionsOf(String peerId) {
        return peerPrefix + peerId + ".decisions";
    }
}
