package dev.oltpmesh.client;

import tools.jackson.core.type.TypeReference;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The administration API ({@code /v1/admin/**}, served by the configuration service through the
 * gateway); every call needs an API key with the admin role. Changes ({@code POST}) are not tried
 * again after a failure that may have reached the gateway: the caller looks at the state first.
 */
public final class Admin {

    /** A table's version as the mesh holds it; {@code placement} is its JSON, assignments included. */
    public record TableDefinition(String name, int version, List<TableSpec.Column> columns, List<String> primaryKey,
                                  Map<String, Object> placement) {
    }

    /**
     * A peer, with what it says of itself now ({@code health} {@code UP} or {@code DOWN}, inbox
     * {@code lag}, {@code rows}) and the gateway's round-trip time to it.
     *
     * @param status {@code ACTIVE}, {@code DRAINING} or {@code RETIRED}
     */
    public record Peer(String id, String queryUrl, String region, String status, String health, Double roundTripMs,
                       Long lag, Long rows, Boolean reachableFromGateway) {
    }

    /** Every table's placement, and the placement version. */
    public record PlacementMap(long version, Map<String, Map<String, Object>> tables) {
    }

    /** Rows that change owner with a placement change: {@code rows} says which (a shard, a range). */
    public record PlannedMove(String table, String rows, String from, String to) {
    }

    /** A placement change applied: the new version, the rows that move, and the jobs (moves) moving them. */
    public record PlacementResult(long version, List<PlannedMove> moves, List<Long> jobs) {
    }

    /**
     * A job moving rows: a region of a table to a new owner, or a backfill of a joining peer.
     *
     * @param state {@code PLANNED COPYING VERIFYING LIVE PURGING DONE FAILED}
     */
    public record Move(long id, String kind, String table, List<Integer> shards, String from, String to, String state,
                       long placementVersion, long rowsCopied, Long rowsTotal, Double rowsPerSec, Long etaSeconds,
                       String error, int attempt, Instant createdAt, Instant updatedAt, Instant liveAt) {
    }

    public record ShardMove(String table, int shard, String from, String to, long rows) {
    }

    /** The shard moves that even rows over the active peers; rows per table and peer before and after. */
    public record RebalancePlan(List<ShardMove> moves, Map<String, Map<String, Long>> before,
                                Map<String, Map<String, Long>> after, Long placementVersion, List<Long> jobs) {
    }

    /** One peer's rows of a table, by shard or segment; {@code error} if it did not answer. */
    public record PeerRows(String peer, Long rows, Map<String, Long> shards, Map<String, Long> segments, Object digest,
                           String error) {
    }

    /** Whether the peers that should hold every row of a replicated table hold the same rows. */
    public record Replicas(List<String> holders, boolean agree) {
    }

    /** Where a table's rows lie: per peer, and per shard or segment. */
    public record TableStats(String table, List<PeerRows> peers, Map<String, Long> shards,
                             Map<String, Long> segments, Replicas replicas) {

        public long rows() {
            return peers.stream().mapToLong(p -> p.rows() == null ? 0 : p.rows()).sum();
        }
    }

    public enum Role {
        /** Reads, and its own transactions' statuses. */
        READER,
        /** Also writes. */
        WRITER,
        /** Everything. */
        ADMIN,
        /** Metrics. */
        MONITOR
    }

    /** A key as listed: never its secret. */
    public record ApiKey(String id, String name, Role role, Set<String> tables, Instant createdAt,
                         Instant revokedAt) {
    }

    /** A key just created: {@code key} is the secret, shown this once. */
    public record CreatedApiKey(String id, String name, Role role, Set<String> tables, Instant createdAt,
                                String key) {
    }

    /** A service's public key, with which the mesh checks what that service signs. */
    public record ServiceKey(String keyId, String service, String role, String publicKey, Instant createdAt,
                             Instant revokedAt) {
    }

    private final Transport transport;

    Admin(Transport transport) {
        this.transport = transport;
    }

    /** Defines a table (version 1), or its next version when the change only appends nullable columns. */
    public TableDefinition defineTable(String table, TableSpec spec) {
        return put("/v1/admin/tables/" + Transport.encode(table), spec.toJson(), TableDefinition.class);
    }

    public List<TableDefinition> tables() {
        return get("/v1/admin/tables", new TypeReference<>() {
        });
    }

    public TableDefinition table(String table) {
        return get("/v1/admin/tables/" + Transport.encode(table), TableDefinition.class);
    }

    public TableDefinition table(String table, int version) {
        return get("/v1/admin/tables/" + Transport.encode(table) + "?version=" + version, TableDefinition.class);
    }

    /** Rows per peer and per shard or segment. */
    public TableStats tableStats(String table) {
        return get("/v1/admin/tables/" + Transport.encode(table) + "/stats", TableStats.class);
    }

    /** With a digest of each peer's rows; for a replicated table, whether the replicas agree. */
    public TableStats tableStatsWithDigests(String table) {
        return get("/v1/admin/tables/" + Transport.encode(table) + "/stats?digest=true", TableStats.class);
    }

    /** Registers a peer, or gives a known one its new address: a peer's identity is its id. */
    public Peer registerPeer(String peerId, String queryUrl, String region) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queryUrl", queryUrl);
        body.put("region", region);
        return put("/v1/admin/peers/" + Transport.encode(peerId), body, Peer.class);
    }

    public List<Peer> peers() {
        return get("/v1/admin/peers", new TypeReference<>() {
        });
    }

    /** Moves what the peer owns to the others; it goes {@code DRAINING}, then {@code RETIRED}. */
    public PlacementResult drain(String peerId) {
        return post("/v1/admin/peers/" + Transport.encode(peerId) + "/drain", null, PlacementResult.class);
    }

    public PlacementMap placement() {
        return get("/v1/admin/placement", PlacementMap.class);
    }

    /**
     * Applies the operations as one new placement version.
     *
     * @throws MeshRequestException 422 listing every violation in {@link MeshProblemException#violations()};
     *                              nothing changed
     */
    public PlacementResult changePlacement(List<PlacementChange> changes) {
        return post("/v1/admin/placement/changes",
                Map.of("changes", changes.stream().map(PlacementChange::operation).toList()), PlacementResult.class);
    }

    /** The shard moves that would even HASH tables' rows over the active peers; nothing changes. */
    public RebalancePlan planRebalance() {
        return send(new Transport.Call("POST", "/v1/admin/rebalance?dryRun=true", null, Map.of(),
                Duration.ZERO, true), RebalancePlan.class);
    }

    /** Evens HASH tables' rows over the active peers, as one placement change. */
    public RebalancePlan rebalance() {
        return post("/v1/admin/rebalance", null, RebalancePlan.class);
    }

    public List<Move> moves() {
        return get("/v1/admin/moves", new TypeReference<>() {
        });
    }

    public Move move(long id) {
        return get("/v1/admin/moves/" + id, Move.class);
    }

    /**
     * Starts a {@code FAILED} move again as its next attempt.
     *
     * @throws MeshConflictException the move is not {@code FAILED}
     */
    public Move retryMove(long id) {
        return post("/v1/admin/moves/" + id + "/retry", null, Move.class);
    }

    /**
     * Creates an API key; {@code name} is the client it stands for (it scopes Idempotency-Keys and
     * statuses), {@code tables} limits a reader or writer key (empty: every table).
     */
    public CreatedApiKey createKey(String name, Role role, Set<String> tables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("role", role);
        body.put("tables", tables);
        return post("/v1/admin/keys", body, CreatedApiKey.class);
    }

    public List<ApiKey> keys() {
        return get("/v1/admin/keys", new TypeReference<>() {
        });
    }

    /** Revokes the key on every gateway within seconds. */
    public void revokeKey(String id) {
        transport.send(new Transport.Call("DELETE", "/v1/admin/keys/" + Transport.encode(id), null, Map.of(),
                Duration.ZERO, true));
    }

    /** Registers a service's new public key (PEM) for a key rotation. */
    public ServiceKey registerServiceKey(String service, String role, String publicKeyPem) {
        return post("/v1/admin/service-keys", Map.of("service", service, "role", role, "publicKey", publicKeyPem),
                ServiceKey.class);
    }

    public List<ServiceKey> serviceKeys() {
        return get("/v1/admin/service-keys", new TypeReference<>() {
        });
    }

    public void revokeServiceKey(String keyId) {
        transport.send(new Transport.Call("DELETE", "/v1/admin/service-keys/" + Transport.encode(keyId), null,
                Map.of(), Duration.ZERO, true));
    }

    private <T> T get(String path, Class<T> type) {
        return Json.read(transport.send(Transport.Call.get(path)).body(), type);
    }

    private <T> T get(String path, TypeReference<T> type) {
        return Json.read(transport.send(Transport.Call.get(path)).body(), type);
    }

    private <T> T put(String path, Object body, Class<T> type) {
        return send(new Transport.Call("PUT", path, Json.write(body), Map.of(), Duration.ZERO, true), type);
    }

    private <T> T post(String path, Object body, Class<T> type) {
        return send(new Transport.Call("POST", path, body == null ? null : Json.write(body), Map.of(),
                Duration.ZERO, false), type);
    }

    private <T> T send(Transport.Call call, Class<T> type) {
        return Json.read(transport.send(call).body(), type);
    }
}
