package dev.oltpmesh.gateway.query;

import java.util.List;
import java.util.Map;

/**
 * Rows for the client and what the response headers say about them: who was asked
 * ({@code Mesh-Peers}), who did not answer ({@code Mesh-Partial}), where the next page starts
 * ({@code Mesh-Next}, null on the last page).
 */
record QueryAnswer(List<Map<String, Object>> rows, List<String> asked, List<String> failed, String next) {
}
