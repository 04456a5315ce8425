package dev.oltpmesh.it;

import dev.oltpmesh.client.Admin;
import dev.oltpmesh.client.MeshClient;
import dev.oltpmesh.client.MeshNotFoundException;
import dev.oltpmesh.client.MeshProblemException;
import dev.oltpmesh.client.MeshRequestException;
import dev.oltpmesh.client.Operator;
import dev.oltpmesh.client.Order;
import dev.oltpmesh.client.Placement;
import dev.oltpmesh.client.ProblemType;
import dev.oltpmesh.client.TableSpec;
import dev.oltpmesh.client.Transaction;
import dev.oltpmesh.client.TxStatus;
import dev.oltpmesh.client.Wait;
import dev.oltpmesh.cluster.MeshCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** mesh-client against a whole cluster, as an application uses it: typed writes, queries, statuses, admin. */
class MeshClientIT {

    private static final String TABLE = "client_payment";

    record Payment(String account, UUID id, long qty, BigDecimal price, String note, Instant ts) {
    }

    private static MeshClient mesh;

    @BeforeAll
    static void defineTheTable() throws Exception {
        MeshCluster cluster = SharedCluster.get();
        mesh = MeshClient.builder().baseUrl(cluster.gatewayUrl()).apiKey(cluster.adminKey())
                .trustCertificate(cluster.dataDir().resolve("tls").resolve("gateway.crt")).build();
        Admin.TableDefinition defined = mesh.admin().defineTable(TABLE, TableSpec.builder()
                .requiredColumn("account", "text").requiredColumn("id", "uuid").requiredColumn("qty", "bigint")
                .column("price", "numeric").column("note", "text").column("ts", "timestamp")
                .primaryKey("account", "id").placement(Placement.hash("account", 8)).build());
        assertThat(defined.version()).isEqualTo(1);
    }

    @AfterAll
    static void close() {
        if (mesh != null) {
            mesh.close();
        }
    }

    private static Payment payment(String account, long qty, String note) {
        return new Payment(account, UUID.randomUUID(), qty, new BigDecimal("12.50"), note,
                Instant.parse("2026-12-06T07:00:00Z"));
    }

    @Test
    void shouldWriteTypedRowsAndWaitUntilTheyAreCommitted() {
        TxStatus written = mesh.table(TABLE).insert(List.of(payment("anna", 1, "first"), payment("ben", 2, "second")),
                Wait.committed(Duration.ofSeconds(20)));

        assertThat(written.status()).isEqualTo(TxStatus.State.COMMITTED);
        assertThat(written.rows()).isEqualTo(2);
        assertThat(written.parts()).isNotEmpty().allSatisfy(part -> assertThat(part.seq()).isNotNull());
        TxStatus status = mesh.status(written.txId());
        assertThat(status.isCommitted()).isTrue();
        assertThat(status.committedAt()).isNotNull();
        assertThat(mesh.table(TABLE).query().in("account", List.of("anna", "ben")).order("account")
                .list(Payment.class)).extracting(Payment::note).containsExactly("first", "second");
    }

    @Test
    void shouldApplyATransactionSubmittedTwiceOnce() {
        Transaction transaction = Transaction.builder().insert(TABLE, List.of(payment("cleo", 3, "once"))).build();

        TxStatus first = mesh.submit(transaction, Wait.committed(Duration.ofSeconds(20)));
        TxStatus again = mesh.submit(transaction, Wait.committed(Duration.ofSeconds(20)));
        // The caller's own key, with the same rows in a transaction built anew (as after a restart).
        Payment row = payment("cleo", 4, "own key");
        String key = "order-" + UUID.randomUUID();
        TxStatus keyed = mesh.submit(Transaction.builder().insert(TABLE, List.of(row)).idempotencyKey(key).build());
        TxStatus rebuilt = mesh.submit(Transaction.builder().insert(TABLE, List.of(row)).idempotencyKey(key).build(),
                Wait.committed(Duration.ofSeconds(20)));

        assertThat(again.txId()).isEqualTo(first.txId());
        assertThat(rebuilt.txId()).isEqualTo(keyed.txId());
        assertThat(mesh.table(TABLE).query().eq("account", "cleo").after(rebuilt.txId()).list()).hasSize(2);
        MeshRequestException reused = catchThrowableOfType(MeshRequestException.class, () -> mesh.submit(
                Transaction.builder().insert(TABLE, List.of(payment("cleo", 5, "other rows"))).idempotencyKey(key)
                        .build()));
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.problemType()).isEqualTo(ProblemType.IDEMPOTENCY_KEY_REUSED);
    }

    @Test
    void shouldReadItsOwnWriteRightAfterItWasAccepted() {
        TxStatus accepted = mesh.table(TABLE).insert(List.of(payment("dora", 6, "mine"))); // no wait for commit

        List<Map<String, Object>> rows = mesh.table(TABLE).query().eq("account", "dora").select("note", "_tx")
                .after(accepted.txId()).list();

        assertThat(rows).containsExactly(Map.of("note", "mine", "_tx", accepted.txId()));
    }

    @Test
    void shouldFilterExactlyByValuesHoldingTheQueryStringsOwnCharacters() {
        String tricky = "a&b=c d+e%f#g?h,é\"i";
        mesh.table(TABLE).insert(List.of(payment("eve", 7, tricky), payment("eve", 8, "x,y"), payment("eve", 9, null),
                payment("eve,comma", 10, "plain")), Wait.committed(Duration.ofSeconds(20)));

        assertThat(mesh.table(TABLE).query().eq("note", tricky).list(Payment.class)).extracting(Payment::qty)
                .containsExactly(7L);
        assertThat(mesh.table(TABLE).query().in("account", List.of("eve", "eve,comma"))
                .in("note", List.of("x,y", "plain")).order(Order.desc("qty")).list(Payment.class))
                .extracting(Payment::qty).containsExactly(10L, 8L);
        assertThat(mesh.table(TABLE).query().eq("account", "eve").not("note", Operator.IS, null).gte("qty", 7)
                .lt("qty", 9).like("note", "%,%").list(Payment.class)).extracting(Payment::qty)
                .containsExactlyInAnyOrder(7L, 8L);
        assertThat(mesh.table(TABLE).query().eq("account", "eve").isNull("note").list(Payment.class))
                .extracting(Payment::qty).containsExactly(9L);
        Map<String, Object> group = mesh.table(TABLE).query().eq("account", "eve")
                .select("account", "count()", "total:qty.sum()").list().getFirst();
        assertThat(group).containsEntry("account", "eve").containsKeys("count", "total");
        assertThat(new BigDecimal(String.valueOf(group.get("count")))).isEqualByComparingTo("3");
        assertThat(new BigDecimal(String.valueOf(group.get("total")))).isEqualByComparingTo("24");
    }

    @Test
    void shouldStreamEveryRowOnceOverMorePagesThanOne() {
        List<Payment> rows = new ArrayList<>();
        for (int i = 0; i < 57; i++) {
            rows.add(payment("page-" + (i % 5), 100 + i, "paged"));
        }
        TxStatus written = mesh.table(TABLE).insert(rows, Wait.committed(Duration.ofSeconds(20)));
        assertThat(written.isCommitted()).isTrue();

        List<Long> streamed = mesh.table(TABLE).query().eq("note", "paged").order(Order.desc("qty")).limit(10)
                .stream(Payment.class).map(Payment::qty).toList();

        assertThat(streamed).hasSize(57).doesNotHaveDuplicates()
                .isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(mesh.table(TABLE).query().eq("note", "paged").limit(10).page().hasNext()).isTrue();
    }

    @Test
    void shouldSurfaceRefusalsAsTypedProblems() {
        MeshRequestException wrongType = catchThrowableOfType(MeshRequestException.class, () -> mesh.table(TABLE)
                .insert(List.of(Map.of("account", "x", "id", UUID.randomUUID(), "qty", "not a number"))));
        MeshRequestException unknownTable = catchThrowableOfType(MeshRequestException.class,
                () -> mesh.table("client_nowhere").insert(List.of(Map.of("a", 1))));
        MeshNotFoundException unknownTx = catchThrowableOfType(MeshNotFoundException.class,
                () -> mesh.status(UUID.randomUUID().toString()));
        MeshProblemException badFilter = catchThrowableOfType(MeshProblemException.class,
                () -> mesh.table(TABLE).query().eq("qty", "many").list());

        assertThat(wrongType.problemType()).isEqualTo(ProblemType.INVALID_ROW);
        assertThat(wrongType.properties()).containsEntry("table", TABLE).containsEntry("row", 0);
        assertThat(unknownTable.problemType()).isEqualTo(ProblemType.UNKNOWN_TABLE);
        assertThat(unknownTx.problemType()).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(badFilter).isInstanceOf(MeshRequestException.class);
        assertThat(badFilter.problemType()).isEqualTo(ProblemType.INVALID_INPUT);
        assertThat(badFilter.detail()).contains("qty");
    }

    @Test
    void shouldAnswerAdministrationCalls() {
        mesh.table(TABLE).insert(List.of(payment("fay", 11, "stats")), Wait.committed(Duration.ofSeconds(20)));

        assertThat(mesh.admin().tables()).extracting(Admin.TableDefinition::name).contains(TABLE);
        assertThat(mesh.admin().table(TABLE).placement()).containsEntry("strategy", "HASH");
        assertThat(mesh.admin().peers()).extracting(Admin.Peer::id).contains("peer-1", "peer-2", "peer-3");
        assertThat(mesh.admin().placement().tables()).containsKey(TABLE);
        Admin.TableStats stats = mesh.admin().tableStats(TABLE);
        assertThat(stats.rows()).isPositive();
        assertThat(stats.shards()).isNotEmpty();
    }
}
