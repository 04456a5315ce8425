package dev.oltpmesh.gateway.query;

import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.json.MeshJson;
import tools.jackson.core.JacksonException;

import java.util.Base64;
import java.util.List;

/**
 * The {@code Mesh-Next} cursor: the order values of the last row a page returned and the peer it came
 * from, bound to its query by a fingerprint, so the next page starts right after it on every peer
 * whatever was written in between. Opaque to clients: base64url of JSON.
 *
 * @param query  fingerprint of the table, filters and order the cursor belongs to
 * @param values the last row's value for each order term
 * @param peer   the peer the last row came from; rows tying on every term sort by peer id
 */
record KeysetCursor(String query, List<Object> values, String peer) {

    static String fingerprint(Object... queryParts) {
        return MeshJson.sha256(List.of(queryParts)).substring(0, 16);
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MeshJson.toBytes(this));
    }

    static KeysetCursor decode(String token, String expectedQuery) {
        KeysetCursor cursor;
        try {
            cursor = MeshJson.fromBytes(Base64.getUrlDecoder().decode(token), KeysetCursor.class);
        } catch (IllegalArgumentException | JacksonException e) {
            throw GatewayException.invalidCursor("cursor is not one this gateway returned in Mesh-Next");
        }
        if (cursor == null || cursor.values() == null || !expectedQuery.equals(cursor.query())) {
            throw GatewayException.invalidCursor("cursor belongs to another query; send the same filters, order "
                    + "and select as the request that returned it");
        }
        return cursor;
    }
}
