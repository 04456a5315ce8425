package dev.oltpmesh.model.event;

import dev.oltpmesh.model.json.MeshJson;

/** The checksum of an event is the SHA-256 of its canonical JSON with the checksum left out. */
public final class Checksums {

    private Checksums() {
    }

    public static String of(TransactionSubmitted event) {
        return MeshJson.sha256(event.withChecksum(null));
    }

    public static String of(PartRouted part) {
        return MeshJson.sha256(part.withChecksum(null));
    }

    public static boolean verifies(PartRouted part) {
        return part.checksum() != null && part.checksum().equals(of(part));
    }
}
