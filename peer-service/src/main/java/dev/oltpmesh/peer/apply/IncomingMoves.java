package dev.oltpmesh.peer.apply;

import dev.oltpmesh.model.event.PartRouted;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.RangePlacement;
import dev.oltpmesh.model.placement.RegionMove;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.placement.RowPlacer;
import dev.oltpmesh.model.schema.InvalidValueException;
import dev.oltpmesh.model.schema.RowValidator;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.peer.PeerProperties;
import dev.oltpmesh.support.config.ConfigSnapshot;
import dev.oltpmesh.support.web.HttpTimeouts;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a primary key unique while its region moves here: until the copies are verified, a key may
 * still exist only at the source. A part with rows of a region moving here waits (its batch is
 * applied again) while the source may still be given rows of it by an older version, then asks the
 * source whether the part's keys exist there, which settled rows answer for good; once the move is
 * live the copies are here and the table's own key decides.
 */
@Component
class IncomingMoves {

    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final int KEYS_AT_ONCE = 1000;
    private static final ParameterizedTypeReference<List<Map<String, Object>>> KEYS = new ParameterizedTypeReference<>() {
    };

    private final ConfigSnapshot snapshot;
    private final String self;
    private final RestClient http;
    private final InboxHold hold;

    IncomingMoves(ConfigSnapshot snapshot, PeerProperties properties, RestClient.Builder http, InboxHold hold) {
        this.snapshot = snapshot;
        this.hold = hold;
        this.self = properties.id();
        this.http = http.requestFactory(HttpTimeouts.of(Duration.ofSeconds(2), Duration.ofSeconds(10))).build();
    }

    /**
     * Waits, briefly, until this peer knows the configuration a part was routed by: the moves of a
     * version are published before it, so a peer that knows the version knows its moves.
     */
    void awaitVersion(long placementVersion) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (snapshot.view().placementVersion() < placementVersion) {
            if (System.nanoTime() > deadline) {
                throw MoveSettlingException.configurationBehind(placementVersion, snapshot.view().placementVersion());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /**
     * Whether the part has rows of a region moving here whose source has not settled yet: such a part
     * waits, so that whether its keys are new can be told. Only tables with a primary key wait.
     */
    boolean mustWait(PartRouted part) {
        awaitVersion(part.placementVersion());
        for (TableRows tableRows : part.tables()) {
            List<RegionMove> settling = snapshot.unfinishedMoves(tableRows.table()).stream()
                    .filter(m -> m.to().equals(self) && m.stage() == RegionMove.Stage.SETTLING
                            && m.placementVersion() <= part.placementVersion())
                    .toList();
            if (settling.isEmpty()) {
                continue;
            }
            Optional<TableDefinition> table = snapshot.table(tableRows.table())
                    .filter(t -> t.version() >= tableRows.schemaVersion() && !t.primaryKey().isEmpty());
            if (table.isEmpty()) {
                continue;
            }
            for (Map<String, Object> row : tableRows.rows()) {
                Map<String, Object> canonical;
                try {
                    canonical = RowValidator.canonicalRow(table.get(), row);
                } catch (InvalidValueException refusedLater) {
                    continue;
                }
                if (settling.stream().anyMatch(m -> m.contains(table.get(), canonical))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Waits, a few seconds at most, until no move the part waits on is settling; the inbox then goes
     * on from this part. Meanwhile this peer's status says it holds a part of that version, which tells
     * the source's move that every older part here is applied.
     *
     * @throws MoveSettlingException if it still must wait: the batch is read again from this part
     */
    void awaitSettled(PartRouted part, long offset) {
        hold.holding(offset, part.placementVersion());
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (mustWait(part)) {
            if (System.nanoTime() > deadline) {
                throw MoveSettlingException.settling(part.txId());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /**
     * Why rows routed by {@code placementVersion} are not this peer's to store, or empty: fencing. When
     * the table's definition this peer holds is the one in force at that version (this peer knows every
     * version up to the part's, see {@link #awaitVersion}), each row must be placed here by it. A part
     * routed by an older placement is not judged: rows routed before a move are its source's to hold.
     */
    Optional<String> misplaced(TableDefinition table, List<Map<String, Object>> rows, long placementVersion) {
        long definedAt = snapshot.placementVersionOf(table.name());
        if (definedAt == 0 || definedAt > placementVersion
                || snapshot.table(table.name()).filter(t -> t.version() == table.version()).isEmpty()) {
            return Optional.empty();
        }
        return switch (table.placement()) {
            case HashPlacement _, RangePlacement _ -> rows.stream()
                    .map(row -> RowPlacer.peersFor(table, row, List.of(), null).get(0))
                    .filter(owner -> !owner.equals(self)).findFirst()
                    .map(owner -> "a row of '" + table.name() + "' is " + owner + "'s at placement version "
                            + placementVersion + ", not this peer's");
            case RoundRobinPlacement stripe -> stripe.peers().contains(self) ? Optional.empty()
                    : Optional.of("this peer is not in the stripe of '" + table.name() + "' at placement version "
                    + placementVersion);
            case ReplicatedPlacement _ -> Optional.empty();
        };
    }

    /**
     * The rows' keys that exist at the source of a move bringing their region here (so storing them
     * would duplicate a key), with the peer each was found on; empty when none does.
     *
     * @throws MoveSettlingException    while that cannot be told yet
     * @throws KeyCheckRefusedException when a source refuses to tell
     */
    List<KeyAtSource> keysAtSource(TableDefinition table, List<Map<String, Object>> rows, long placementVersion) {
        if (table.primaryKey().isEmpty()) {
            return List.of();
        }
        List<KeyAtSource> found = new ArrayList<>();
        for (RegionMove move : snapshot.unfinishedMoves(table.name())) {
            if (!move.to().equals(self) || move.placementVersion() > placementVersion || move.live()) {
                continue;
            }
            List<Map<String, Object>> keys = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                if (move.contains(table, row)) {
                    Map<String, Object> key = new LinkedHashMap<>();
                    table.primaryKey().forEach(column -> key.put(column, row.get(column)));
                    keys.add(key);
                }
            }
            if (keys.isEmpty()) {
                continue;
            }
            if (move.stage() == RegionMove.Stage.SETTLING) {
                // The inbox waits for settling before it applies such a part (mustWait); a view that moved
                // back meanwhile is no reason to ask the source too early.
                throw MoveSettlingException.settling(move.id(), move.from());
            }
            existingAt(move, keys).forEach(key -> found.add(new KeyAtSource(key, move.from())));
        }
        return found;
    }

    /**
     * The rows but those whose keys exist at a move's source, each kept row with its own ordinal: with
     * {@code skipDuplicates} such a row is left out, as one whose key is stored here already is.
     */
    static TableRows withoutKeys(TableDefinition table, TableRows sent, List<KeyAtSource> found) {
        Set<Map<String, Object>> taken = new HashSet<>();
        found.forEach(k -> taken.add(canonicalKey(table, k.key())));
        List<Map<String, Object>> kept = new ArrayList<>();
        List<Integer> ordinals = new ArrayList<>();
        for (int i = 0; i < sent.rows().size(); i++) {
            if (!taken.contains(canonicalKey(table, sent.rows().get(i)))) {
                kept.add(sent.rows().get(i));
                ordinals.add(sent.ordinal(i));
            }
        }
        return new TableRows(sent.table(), sent.schemaVersion(), kept, ordinals, true);
    }

    private static Map<String, Object> canonicalKey(TableDefinition table, Map<String, Object> row) {
        Map<String, Object> key = new HashMap<>();
        for (String column : table.primaryKey()) {
            Object value = row.get(column);
            key.put(column, value == null ? null : table.column(column).orElseThrow().type().canonical(value));
        }
        return key;
    }

    /** A primary key found at a move's source. */
    record KeyAtSource(Map<String, Object> key, String source) {

        String duplicateReason() {
            return "duplicate key value violates unique constraint: " + key + " already exists on " + source
                    + ", from where its rows are moving here";
        }
    }

    /** The keys among {@code keys} that exist at the move's source, asked a thousand at a time. */
    private List<Map<String, Object>> existingAt(RegionMove move, List<Map<String, Object>> keys) {
        String url = snapshot.peer(move.from()).map(p -> p.queryUrl()).orElseThrow(() ->
                MoveSettlingException.sourceAway(move.id(), move.from(), new IllegalStateException("peer unknown")));
        List<Map<String, Object>> existing = new ArrayList<>();
        // Within PostgreSQL's bind parameters however many columns the key has.
        int atOnce = Math.max(1, Math.min(KEYS_AT_ONCE, 30_000 / Math.max(1, keys.get(0).size())));
        for (int from = 0; from < keys.size(); from += atOnce) {
            List<Map<String, Object>> chunk = keys.subList(from, Math.min(keys.size(), from + atOnce));
            try {
                List<Map<String, Object>> found = http.post().uri(url + "/internal/moves/{id}/exists", move.id())
                        .body(chunk).retrieve().body(KEYS);
                existing.addAll(found == null ? List.of() : found);
            } catch (HttpClientErrorException e) {
                if (e.getStatusCode().value() == 401 || e.getStatusCode().value() == 403
                        || e.getStatusCode().value() == 429) {
                    throw MoveSettlingException.sourceAway(move.id(), move.from(), e);
                }
                // The source refuses the question itself: asking again would not change its answer.
                throw new KeyCheckRefusedException(move.from() + " could not say whether the keys exist there ("
                        + e.getStatusCode().value() + ")");
            } catch (RuntimeException e) {
                throw MoveSettlingException.sourceAway(move.id(), move.from(), e);
            }
        }
        return existing;
    }

    /** A source's refusal to tell whether keys exist: the part cannot be stored safely and is refused. */
    static final class KeyCheckRefusedException extends RuntimeException {
        KeyCheckRefusedException(String message) {
            super(message);
        }
    }
}
