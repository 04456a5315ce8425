package dev.oltpmesh.config.move;

import dev.oltpmesh.config.ConfigServiceProperties;
import dev.oltpmesh.config.peer.PeerRepository;
import dev.oltpmesh.config.placement.PlacementVersions;
import dev.oltpmesh.config.publish.ConfigurationChanged;
import dev.oltpmesh.config.table.TableRepository;
import dev.oltpmesh.config.web.ConfigException;
import dev.oltpmesh.model.peer.PeerDefinition;
import dev.oltpmesh.model.peer.PeerStatus;
import dev.oltpmesh.model.placement.RegionMove;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.support.web.HttpTimeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives every move, one step at a time, from what the database says it has done, so a restart of
 * any service resumes each job where it stood; every step it asks of a peer may be asked again.
 *
 * <p>A BACKFILL copies a replicated table to a peer that joined after it had rows, verifies it, then
 * names that peer among the table's holders so reads may ask it. The rows to copy are those the source
 * holds of parts routed by a version older than the one the newcomer joined at: a first pass copies
 * what the source has; then the job waits until the router routes by the new version (no older part
 * will be routed any more), the source has read its inbox up to where it ended then (every older part
 * has reached it), and the two-phase parts it then held prepared are decided; a last pass copies what
 * came in meanwhile.
 *
 * <p>A REGION move starts with that same wait (SETTLING: the target holds its parts for the region
 * until then), after which the source's rows of the region are final; it copies them once, marked
 * with the move, verifies count and digest on both sides, goes LIVE (reads take the copies, the source
 * leaves the region out), and after a grace longer than any gateway needs to hear of it the source
 * purges the region. Pages are keyed by {@code (_tx, _row)} and a page copied twice changes nothing.
 */
@Component
class MoveJobs {

    private static final Logger log = LoggerFactory.getLogger(MoveJobs.class);
    private static final int PAGE = 5000;
    private static final Duration STEP_BUDGET = Duration.ofSeconds(2);

    private final MoveRepository moves;
    private final PeerRepository peers;
    private final TableRepository tables;
    private final PlacementVersions versions;
    private final RouterRouting routing;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final RestClient http;
    private final Duration purgeGrace;
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    /** When each settling job first found the router routing by its version (for the log). */
    private final Map<Long, Instant> routerSeen = new ConcurrentHashMap<>();

    MoveJobs(MoveRepository moves, PeerRepository peers, TableRepository tables, PlacementVersions versions,
             RouterRouting routing, ApplicationEventPublisher events, TransactionTemplate transactions,
             RestClient.Builder http, ConfigServiceProperties properties) {
        this.purgeGrace = properties.movePurgeGrace();
        this.moves = moves;
        this.peers = peers;
        this.tables = tables;
        this.versions = versions;
        this.routing = routing;
        this.events = events;
        this.transactions = transactions;
        // A digest or a purge of a large region takes a while; each job waits only for its own steps.
        this.http = http.requestFactory(HttpTimeouts.of(Duration.ofSeconds(5), Duration.ofMinutes(2))).build();
    }

    @Scheduled(fixedDelay = 250)
    synchronized void advanceAll() {
        // Each job on a thread of its own, started again once its last step is over: a move's target may
        // hold writes until its source settles, so no job waits behind another's copy or digest.
        for (Move move : moves.unfinished()) {
            if (running.add(move.id())) {
                Thread.ofVirtual().name("move-" + move.id()).start(() -> {
                    try {
                        advanceJob(move);
                    } finally {
                        running.remove(move.id());
                    }
                });
            }
        }
    }

    /** A change may have planned moves: their jobs start now, not at the next tick (their targets may wait). */
    @TransactionalEventListener
    void onConfigurationChanged(ConfigurationChanged change) {
        // Not in the committing thread: it still holds its connection here.
        Thread.ofVirtual().start(this::advanceAll);
    }

    private void advanceJob(Move listed) {
        // As stored now: the job's previous step may have ended after the list was read.
        Move move = moves.find(listed.id()).orElse(listed);
        if (move.state() == Move.State.DONE || move.state() == Move.State.FAILED) {
            return;
        }
        Move current = move;
        long deadline = System.nanoTime() + STEP_BUDGET.toNanos();
        try {
            // Steps that end at once (a stage passed, a wait over) run on in the same tick: the
            // target of a move waits for its source to settle, so every tick saved counts.
            while (current != null && System.nanoTime() < deadline) {
                Move next = advance(current);
                if (next == null && settling(current)) {
                    // The target holds writes to the region until its source has settled: look again soon,
                    // not a tick later.
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    next = moves.find(current.id()).orElse(null);
                }
                current = next;
            }
        } catch (NotYet | ResourceAccessException | HttpServerErrorException | TransientDataAccessException
                 | DataAccessResourceFailureException e) {
            // A peer away, slow or not ready yet: the job stays where it is, says why, and tries again.
            String reason = "waiting: " + e.getMessage();
            Move latest = moves.find(move.id()).orElse(move);
            if (!reason.equals(latest.error())) {
                log.warn("move {} ({} to {}) {}", move.id(), move.table(), move.to(), reason);
                save(latest, latest.failing(reason));
            }
        } catch (RuntimeException e) {
            Move latest = moves.find(move.id()).orElse(move);
            if (live(latest)) {
                // The copies are what reads take now, and the source may be purged already: a live move
                // never fails, it waits until its step can be done.
                log.error("move {} ({} to {}) cannot go on yet", move.id(), move.table(), move.to(), e);
                save(latest, latest.failing("waiting: " + e.getMessage()));
                return;
            }
            // A peer refusing the step (asked again, it would refuse again) or a bug: the job stops and
            // says why; the rows stay where reads find them.
            log.error("move {} ({} to {}) failed", move.id(), move.table(), move.to(), e);
            save(latest, latest.failed("stopped: " + e.getMessage()));
        }
    }

    private static boolean live(Move move) {
        return move.state() == Move.State.LIVE || move.state() == Move.State.PURGING || move.state() == Move.State.DONE;
    }

    private static boolean settling(Move move) {
        return move.kind() == Move.Kind.REGION && move.stage() == RegionMove.Stage.SETTLING;
    }

    /** Saves the job; a REGION move whose stage changed is published to every service with it. */
    private void save(Move before, Move after) {
        if (after.state() == Move.State.FAILED || after.state() == Move.State.DONE) {
            routerSeen.remove(after.id());
        }
        transactions.executeWithoutResult(status -> {
            moves.save(after);
            if (after.kind() == Move.Kind.REGION && after.stage() != before.stage()) {
                events.publishEvent(new ConfigurationChanged("move " + after.id() + " " + after.stage()));
            }
        });
    }

    /** A peer that cannot answer the step yet: nothing is wrong, the job asks again. */
    private static final class NotYet extends RuntimeException {
        NotYet(String message) {
            super(message);
        }
    }

    /** One step of the job; the job as it stands after it when the next step may follow at once, else null. */
    private Move advance(Move move) {
        Optional<PeerDefinition> source = peers.find(move.from());
        Optional<PeerDefinition> target = peers.find(move.to());
        if (source.isEmpty() || target.isEmpty()) {
            throw new IllegalStateException("peer " + (source.isEmpty() ? move.from() : move.to())
                    + " is no longer registered");
        }
        Move next = switch (move.state()) {
            case PLANNED -> move.phase() == Move.Phase.DISCARDING ? discard(move, target.get())
                    : move.kind() == Move.Kind.BACKFILL
                    ? move.total(number(digest(source.get(), move, "before=" + move.placementVersion())
                    .get("digestRows"))).in(Move.State.COPYING, Move.Phase.FIRST_PASS)
                    // A region is copied once its source holds all of it: nothing is routed there any more.
                    : move.in(Move.State.COPYING, Move.Phase.SOURCE_CATCHING_UP);
            case COPYING -> copying(move, source.get(), target.get());
            case VERIFYING -> move.kind() == Move.Kind.BACKFILL ? verifyBackfill(move, source.get(), target.get())
                    : verifyRegion(move, source.get(), target.get());
            // The source purges once every gateway has had time to hear the move is live, and the target
            // reads the copies by its own view too (a query that names no move follows the peer's view).
            case LIVE -> move.liveAt().plus(purgeGrace).isBefore(Instant.now()) && seenLive(target.get(), move)
                    ? move.in(Move.State.PURGING, Move.Phase.NONE) : null;
            case PURGING -> purge(move, source.get());
            case DONE, FAILED -> null;
        };
        if (next == null || next.equals(move)) {
            return null;
        }
        if (next.state() == Move.State.DONE && next.kind() == Move.Kind.REGION) {
            // One transaction: a crash never leaves a move done and its peer or stripe not told.
            transactions.executeWithoutResult(status -> {
                save(move, next);
                regionDone(next);
            });
        } else {
            save(move, next);
        }
        return next.state() == Move.State.DONE || next.state() == Move.State.FAILED ? null : next;
    }

    private Move copying(Move move, PeerDefinition source, PeerDefinition target) {
        return switch (move.phase()) {
            case FIRST_PASS, LAST_PASS -> copyPages(move, source, target);
            case SOURCE_CATCHING_UP -> {
                if (routing.version() < move.placementVersion()) {
                    yield null;
                }
                routerSeen.putIfAbsent(move.id(), Instant.now());
                Map<String, Object> status = status(source, move);
                long applied = number(status.get("inboxOffset"));
                // Where the source's inbox ended once the router had left the older versions: every older part
                // lies before it. Read now the first time (the router routes by this version already).
                Long end = move.settleOffset() != null ? move.settleOffset()
                        : status.get("inboxEnd") == null ? null : number(status.get("inboxEnd"));
                // Every older part is applied at the source once it has applied its inbox up to there, or once
                // it waits at a part of this version or a newer one (for a move into it: two moves between the
                // same peers in opposite directions must not wait on each other).
                Object heldAt = status.get("heldAtVersion");
                boolean caughtUp = (end != null && applied >= end)
                        || (heldAt != null && number(heldAt) >= move.placementVersion());
                if (caughtUp) {
                    List<String> undecided = prepared(status);
                    Move caughtUpMove = move.settling(end, undecided);
                    // With no part of an older version held prepared, nothing is left to wait for.
                    yield undecided.isEmpty() ? settled(caughtUpMove)
                            : caughtUpMove.in(Move.State.COPYING, Move.Phase.SOURCE_DECIDING);
                }
                yield end != null && move.settleOffset() == null ? move.settling(end, null) : null;
            }
            case SOURCE_DECIDING -> {
                List<String> still = new ArrayList<>(prepared(status(source, move)));
                still.retainAll(move.settlePrepared());
                yield still.isEmpty() ? settled(move) : null;
            }
            case NONE -> move.fromTheStart(Move.Phase.FIRST_PASS);
            case DISCARDING -> throw new IllegalStateException("move " + move.id() + " copies and discards; only a PLANNED move discards");
        };
    }

    /** The source holds every row routed to it by an older version: the last pass copies from the start. */
    private Move settled(Move move) {
        Instant routerAt = routerSeen.remove(move.id());
        if (move.kind() == Move.Kind.REGION) {
            log.info("move {} of {} from {} to {} settled {} ms after it was planned (the router routed by version {} "
                            + "after {} ms)", move.id(), move.table(), move.from(), move.to(),
                    Duration.between(move.createdAt(), Instant.now()).toMillis(), move.placementVersion(),
                    routerAt == null ? "?" : Duration.between(move.createdAt(), routerAt).toMillis());
        }
        return move.fromTheStart(Move.Phase.LAST_PASS);
    }

    private Move copyPages(Move move, PeerDefinition source, PeerDefinition target) {
        if (move.kind() == Move.Kind.REGION && move.rowsTotal() == null) {
            // The source's rows of the region are final now: their number is what the copy must reach. Counted
            // once the target no longer waits (the stage is COPYING by now), not while it does.
            return move.total(number(regionDigest(source, move, "source").get("digestRows")));
        }
        long deadline = System.nanoTime() + STEP_BUDGET.toNanos();
        Move current = move;
        while (System.nanoTime() < deadline) {
            Map<String, Object> step = new HashMap<>();
            step.put("afterTx", current.cursorTx());
            step.put("afterRow", current.cursorRow());
            step.put("limit", PAGE);
            String path;
            if (current.kind() == Move.Kind.BACKFILL) {
                step.put("source", source.queryUrl());
                step.put("before", current.placementVersion());
                path = "/internal/backfill/" + current.table() + "/copy";
            } else {
                path = "/internal/moves/" + current.id() + "/copy";
            }
            Map<?, ?> copied = http.post().uri(target.queryUrl() + path).body(step).retrieve().body(Map.class);
            if (copied == null) {
                throw new NotYet(target.id() + " answered nothing");
            }
            current = current.copied(number(copied.get("copied")), (String) copied.get("lastTx"),
                    copied.get("lastRow") == null ? null : (int) number(copied.get("lastRow")));
            if (!Boolean.TRUE.equals(copied.get("more"))) {
                return current.phase() == Move.Phase.FIRST_PASS
                        ? current.in(Move.State.COPYING, Move.Phase.SOURCE_CATCHING_UP)
                        : current.in(Move.State.VERIFYING, Move.Phase.NONE);
            }
        }
        // Progress is saved, and the next tick goes on from the cursor.
        save(move, current);
        return null;
    }

    /**
     * Count and digest of the region at the source against the move's copies at the target: equal,
     * the copies are read from now on (LIVE); different, the job fails and the source keeps the rows.
     */
    private Move verifyRegion(Move move, PeerDefinition source, PeerDefinition target) {
        Map<String, Object> original = regionDigest(source, move, "source");
        Map<String, Object> copy = regionDigest(target, move, "copies");
        if (String.valueOf(original.get("digest")).equals(String.valueOf(copy.get("digest")))
                && number(original.get("digestRows")) == number(copy.get("digestRows"))) {
            log.info("move {} of {} from {} to {} verified: {} rows", move.id(), move.table(), move.from(), move.to(),
                    original.get("digestRows"));
            return move.live(Instant.now());
        }
        return move.failed(move.from() + " holds " + original.get("digestRows") + " rows of the region (digest "
                + original.get("digest") + "), the copies on " + move.to() + " " + copy.get("digestRows")
                + " (digest " + copy.get("digest") + "); the region is still read from " + move.from());
    }

    private Move purge(Move move, PeerDefinition source) {
        return deleteAll(source, move, "purge") ? move.in(Move.State.DONE, Move.Phase.NONE) : null;
    }

    /** A retried move starts clean: the copies its failed attempt left at the target go first. */
    private Move discard(Move move, PeerDefinition target) {
        return deleteAll(target, move, "discard") ? move.discarded() : null;
    }

    /** Asks the peer to delete rows of the move batch after batch, for one step's time; whether all went. */
    private boolean deleteAll(PeerDefinition peer, Move move, String step) {
        long deadline = System.nanoTime() + STEP_BUDGET.toNanos();
        while (System.nanoTime() < deadline) {
            Map<?, ?> deleted = http.post().uri(peer.queryUrl() + "/internal/moves/{id}/" + step, move.id()).retrieve()
                    .body(Map.class);
            if (deleted == null) {
                throw new NotYet(peer.id() + " answered nothing");
            }
            if (!Boolean.TRUE.equals(deleted.get("more"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts a failed move again as its next attempt; the table's placement has not changed since
     * (a table with a move not done takes no change).
     *
     * @throws ConfigException if the move is not known or has not failed
     */
    Move retry(long id) {
        Move retried = transactions.execute(status -> {
            // One retry at a time: a second one, waiting here, finds the move no longer FAILED.
            Move move = moves.lock(id).orElseThrow(() -> ConfigException.notFound("move " + id));
            if (move.state() != Move.State.FAILED) {
                throw ConfigException.conflict("move " + id + " is " + move.state() + "; only a FAILED move is retried");
            }
            Move next = move.retried();
            moves.save(next);
            events.publishEvent(new ConfigurationChanged("move " + id + " retried"));
            return next;
        });
        log.info("move {} ({} from {} to {}) retried{}", id, retried.table(), retried.from(), retried.to(),
                retried.phase() == Move.Phase.DISCARDING ? "; the failed attempt's copies go first" : "");
        return retried;
    }

    /**
     * After a region is purged from its source (in the transaction that marks the move DONE): a stripe
     * no longer names the source among the peers holding rows, and a draining peer that holds nothing
     * of its own any more is retired.
     */
    private void regionDone(Move move) {
        versions.lockForChange();
        TableDefinition table = tables.latest(move.table()).orElseThrow();
        if (table.placement() instanceof RoundRobinPlacement stripe && stripe.formerPeers().contains(move.from())
                && !moves.movingFrom(move.from(), move.table())) {
            List<String> former = new ArrayList<>(stripe.formerPeers());
            former.remove(move.from());
            long version = versions.next(move.from() + " holds no rows of " + move.table());
            tables.insert(table.withPlacement(new RoundRobinPlacement(stripe.peers(), former))
                    .withVersion(table.version() + 1), version);
        }
        peers.find(move.from()).filter(p -> p.status() == PeerStatus.DRAINING)
                .filter(p -> !moves.movingFrom(p.id(), null)).ifPresent(p -> {
                    long version = versions.next(p.id() + " retired");
                    peers.changeStatus(p.id(), PeerStatus.RETIRED, version);
                    log.info("{} holds nothing that exists nowhere else: retired", p.id());
                });
        events.publishEvent(new ConfigurationChanged("move " + move.id() + " done"));
    }

    private Move verifyBackfill(Move move, PeerDefinition source, PeerDefinition target) {
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
            transactions.executeWithoutResult(status -> addHolder(move));
            log.info("backfill of {} to {} done: {} rows", move.table(), move.to(), original.get("digestRows"));
            return move.in(Move.State.DONE, Move.Phase.NONE).failing(null);
        }
        return move.failed(move.from() + " holds "
                + original.get("digestRows") + " rows (digest " + original.get("digest") + "), the copy on "
                + move.to() + " " + copy.get("digestRows") + " (digest " + copy.get("digest")
                + "); the peer is not read for this table");
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

    /** Whether the target's own view of the move is LIVE (or DONE); while it is not, the job says so. */
    private boolean seenLive(PeerDefinition target, Move move) {
        Object stage = get(target, "/internal/moves/" + move.id()).get("stage");
        if ("LIVE".equals(stage) || "DONE".equals(stage)) {
            return true;
        }
        throw new NotYet(target.id() + " does not see the move live yet (it sees " + stage + ")");
    }

    private Map<String, Object> regionDigest(PeerDefinition peer, Move move, String side) {
        return get(peer, "/internal/moves/" + move.id() + "/digest?side=" + side);
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

    /**
     * The source's status, listing only the parts it holds prepared that were routed before the move's
     * version: newer ones cannot hold rows the move copies, and one may be waiting for the very target
     * that waits for this move.
     */
    private Map<String, Object> status(PeerDefinition peer, Move move) {
        return get(peer, "/internal/status?preparedBefore=" + move.placementVersion());
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
