package dev.oltpmesh.config.move;

import dev.oltpmesh.config.peer.PeerRepository;
import dev.oltpmesh.config.placement.PlacementVersions;
import dev.oltpmesh.config.publish.ConfigurationChanged;
import dev.oltpmesh.config.table.TableRepository;
import dev.oltpmesh.model.peer.PeerDefinition;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.support.web.HttpTimeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives every backfill, one step at a time, from what the database says it has done: a replicated
 * table copied to a peer that joined after it had rows, then verified, then that peer named among the
 * table's holders so reads may ask it.
 *
 * <p>The rows to copy are those the source holds of parts routed by a version older than the one the
 * newcomer joined at. A first pass copies what the source has; then the job waits until the router
 * routes by the new version (no older part will be routed any more), the source has read its inbox up
 * to where it ended then (every older part has reached it), and the two-phase parts it then held
 * prepared are decided; a last pass copies what came in meanwhile. Pages are keyed by
 * {@code (_tx, _row)} and a page copied twice changes nothing, so any step may be repeated after a
 * failure or a restart. Count and digest of the source's rows and of the copies must then agree.
 */
@Component
class Backfills {

    private static final Logger log = LoggerFactory.getLogger(Backfills.class);
    private static final int PAGE = 2000;
    private static final Duration STEP_BUDGET = Duration.ofSeconds(2);

    private final MoveRepository moves;
    private final PeerRepository peers;
    private final TableRepository tables;
    private final PlacementVersions versions;
    private final RouterRouting routing;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final RestClient http;

    Backfills(MoveRepository moves, PeerRepository peers, TableRepository tables, PlacementVersions versions,
              RouterRouting routing, ApplicationEventPublisher events, TransactionTemplate transactions,
              RestClient.Builder http) {
        this.moves = moves;
        this.peers = peers;
        this.tables = tables;
        this.versions = versions;
        this.routing = routing;
        this.events = events;
        this.transactions = transactions;
        this.http = http.requestFactory(HttpTimeouts.of(Duration.ofSeconds(5), Duration.ofSeconds(60))).build();
    }

    @Scheduled(fixedDelay = 500)
    void advanceAll() {
        for (Move move : moves.unfinished()) {
            try {
                advance(move);
            } catch (NotYet | ResourceAccessException | HttpServerErrorException | TransientDataAccessException
                     | DataAccessResourceFailureException e) {
                // A peer away, slow or not ready yet: the job stays where it is, says why, and tries again.
                String reason = "waiting: " + e.getMessage();
                if (!reason.equals(move.error())) {
                    log.warn("move {} ({} to {}) {}", move.id(), move.table(), move.to(), reason);
                    moves.save(move.failing(reason));
                }
            } catch (RuntimeException e) {
                // A peer refusing the step (asked again, it would refuse again) or a bug: the job stops and
                // says why, and the newcomer is simply not read for this table.
                log.error("move {} ({} to {}) failed", move.id(), move.table(), move.to(), e);
                moves.save(move.failed("stopped: " + e.getMessage()));
            }
        }
    }

    /** A peer that cannot answer the step yet: nothing is wrong, the job asks again. */
    private static final class NotYet extends RuntimeException {
        NotYet(String message) {
            super(message);
        }
    }

    private void advance(Move move) {
        Optional<PeerDefinition> source = peers.find(move.from());
        Optional<PeerDefinition> target = peers.find(move.to());
        if (source.isEmpty() || target.isEmpty()) {
            moves.save(move.failed("peer " + (source.isEmpty() ? move.from() : move.to()) + " is no longer registered"));
            return;
        }
        switch (move.state()) {
            case PLANNED -> {
                long total = number(digest(source.get(), move, "before=" + move.placementVersion()).get("digestRows"));
                moves.save(move.total(total).in(Move.State.COPYING, Move.Phase.FIRST_PASS));
            }
            case COPYING -> copying(move, source.get(), target.get());
            case VERIFYING -> verify(move, source.get(), target.get());
            case DONE, FAILED -> {
            }
        }
    }

    private void copying(Move move, PeerDefinition source, PeerDefinition target) {
        switch (move.phase()) {
            case FIRST_PASS, LAST_PASS -> copyPages(move, source, target);
            case SOURCE_CATCHING_UP -> {
                if (routing.version() < move.placementVersion()) {
                    return;
                }
                Map<String, Object> status = status(source);
                long applied = number(status.get("inboxOffset"));
                if (move.settleOffset() == null) {
                    // Where the source's inbox ends now, after the router left the older versions: every
                    // part of those lies before it.
                    if (status.get("inboxEnd") != null) {
                        moves.save(move.settling(number(status.get("inboxEnd")), null));
                    }
                } else if (applied >= move.settleOffset()) {
                    moves.save(move.settling(move.settleOffset(), prepared(status)).in(Move.State.COPYING,
                            Move.Phase.SOURCE_DECIDING));
                }
            }
            case SOURCE_DECIDING -> {
                List<String> still = new ArrayList<>(prepared(status(source)));
                still.retainAll(move.settlePrepared());
                if (still.isEmpty()) {
                    moves.save(move.fromTheStart(Move.Phase.LAST_PASS));
                }
            }
            case NONE -> moves.save(move.fromTheStart(Move.Phase.FIRST_PASS));
        }
    }

    private void copyPages(Move move, PeerDefinition source, PeerDefinition target) {
        long deadline = System.nanoTime() + STEP_BUDGET.toNanos();
        Move current = move;
        while (System.nanoTime() < deadline) {
            Map<String, Object> step = new HashMap<>();
            step.put("source", source.queryUrl());
            step.put("before", current.placementVersion());
            step.put("afterTx", current.cursorTx());
            step.put("afterRow", current.cursorRow());
            step.put("limit", PAGE);
            Map<?, ?> copied = http.post().uri(target.queryUrl() + "/internal/backfill/{table}/copy", current.table())
                    .body(step).retrieve().body(Map.class);
            if (copied == null) {
                throw new NotYet(target.id() + " answered nothing");
            }
            current = current.copied(number(copied.get("copied")), (String) copied.get("lastTx"),
                    copied.get("lastRow") == null ? null : (int) number(copied.get("lastRow")));
            if (!Boolean.TRUE.equals(copied.get("more"))) {
                current = current.phase() == Move.Phase.FIRST_PASS
                        ? current.in(Move.State.COPYING, Move.Phase.SOURCE_CATCHING_UP)
                        : current.in(Move.State.VERIFYING, Move.Phase.NONE);
                break;
            }
        }
        moves.save(current);
    }

    private void verify(Move move, PeerDefinition source, PeerDefinition target) {
        Map<String, Object> original = digest(source, move, "before=" + move.placementVersion());
        Map<String, Object> copy = digest(target, move, "foreign=true");
        // A peer without the table yet has nothing to compare; one that does not know the table's
        // definition yet answers without a digest: both are reasons to look again, not failures.
        String originalDigest = digestOf(original);
        String copyDigest = digestOf(copy);
        if (originalDigest == null || copyDigest == null) {
            throw new NotYet("no digest yet from " + (originalDigest == null ? move.from() : move.to()));
        }
        if (originalDigest.equals(copyDigest) && number(original.get("digestRows")) == number(copy.get("digestRows"))) {
            transactions.executeWithoutResult(status -> {
                addHolder(move);
                moves.save(move.in(Move.State.DONE, Move.Phase.NONE).failing(null));
            });
            log.info("backfill of {} to {} done: {} rows", move.table(), move.to(), original.get("digestRows"));
        } else {
            moves.save(move.failed(move.from() + " holds "
                    + original.get("digestRows") + " rows (digest " + original.get("digest") + "), the copy on "
                    + move.to() + " " + copy.get("digestRows") + " (digest " + copy.get("digest")
                    + "); the peer is not read for this table"));
        }
    }

    /** The newcomer holds every row now: reads may ask it, from a new version of the table. */
    private void addHolder(Move move) {
        versions.lockForChange();
        TableDefinition table = tables.latest(move.table()).orElseThrow();
        if (table.placement() instanceof ReplicatedPlacement replicated && !replicated.peers().contains(move.to())) {
            List<String> holders = new ArrayList<>(replicated.readablePeers(peers.activeIds()));
            holders.add(move.to());
            long version = versions.next(move.to() + " holds every row of " + move.table());
            tables.insert(table.withPlacement(new ReplicatedPlacement(holders.stream().distinct().sorted().toList()))
                    .withVersion(table.version() + 1), version);
            events.publishEvent(new ConfigurationChanged("table " + move.table() + " read from " + move.to()));
        }
    }

    private Map<String, Object> digest(PeerDefinition peer, Move move, String filter) {
        return get(peer, "/internal/tables/" + move.table() + "/stats?digest=true&" + filter);
    }

    /** A peer's digest of its rows: "0" where it has not made the table (no rows), null if it could not tell. */
    private static String digestOf(Map<String, Object> stats) {
        if (stats.get("digest") != null) {
            return String.valueOf(stats.get("digest"));
        }
        return number(stats.get("rows")) == 0 ? "0" : null;
    }

    private Map<String, Object> status(PeerDefinition peer) {
        return get(peer, "/internal/status");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(PeerDefinition peer, String path) {
        Map<String, Object> answer = http.get().uri(peer.queryUrl() + path).retrieve().body(Map.class);
        if (answer == null) {
            throw new NotYet(peer.id() + " answered nothing");
        }
        return answer;
    }

    @SuppressWarnings("unchecked")
    private static List<String> prepared(Map<String, Object> status) {
        Object prepared = status.get("prepared");
        return prepared instanceof List<?> list ? (List<String>) list : List.of();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
