package dev.oltpmesh.config.peer;

/** A peer's address and region; its id is in the path, since the address may change. */
record PeerRequest(String queryUrl, String region) {
}
