package dev.oltpmesh.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class QueryTest {

    private final FakeGateway gateway = new FakeGateway();
    private final MeshClient client = gateway.client();

    QueryTest() throws IOException {
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.close();
    }

    @Test
    void shouldWriteThePostgrestFiltersTheGatewayReads() {
        Query query = client.table("payment").query()
                .eq("account", "alice").neq("qty", 3).gt("qty", 1).gte("ts", "2026-11-23T09:00:00Z").lt("qty", 100)
                .lte("price", new BigDecimal("1E+3")).like("note", "pay*").ilike("note", "%REF%")
                .in("account", List.of("alice", "bob")).isNull("ratio").isTrue("flag").isFalse("done")
                .not("price", Operator.IS, null).not("account", Operator.IN, List.of("carol"))
                .select("account", "total:qty.sum()").order(Order.desc("price").nullsLast(), Order.asc("account"))
                .limit(10).offset(20);

        assertThat(query.queryString()).isEqualTo("account=eq.alice&qty=neq.3&qty=gt.1"
                + "&ts=gte.2026-11-23T09%3A00%3A00Z&qty=lt.100&price=lte.1000&note=like.pay*&note=ilike.%25REF%25"
                + "&account=in.%28alice%2Cbob%29&ratio=is.null&flag=is.true&done=is.false&price=not.is.null"
                + "&account=not.in.%28carol%29&select=account%2Ctotal%3Aqty.sum%28%29"
                + "&order=price.desc.nullslast%2Caccount.asc&limit=10&offset=20");
    }

    @Test
    void shouldEncodeValuesSoThatTheyArriveExactlyAsGiven() {
        gateway.json(200, "[]");
        String tricky = "a&b=c d+e%f#g?h/é\"";

        client.table("na me").query().eq("note", tricky).in("account", List.of("x,y", "z")).list();

        FakeGateway.Received sent = gateway.received().getFirst();
        assertThat(sent.path()).isEqualTo("/v1/tables/na%20me/rows");
        assertThat(sent.params()).containsExactly(entry("note", "eq." + tricky), entry("account", "in.(\"x,y\",z)"));
        assertThat(sent.rawQuery()).doesNotContain("+");
    }

    @Test
    void shouldQuoteAndEscapeInListValuesThatHoldTheListsOwnCharacters() {
        gateway.json(200, "[]");
        client.table("t").query().in("note", List.of("say \"hi\"", "a\\b", "(x)", "plain")).list();
        assertThat(gateway.received().getFirst().params()).containsExactly(
                entry("note", "in.(\"say \\\"hi\\\"\",\"a\\\\b\",\"(x)\",plain)"));
    }

    @Test
    void shouldRefuseAnIsValueTheGatewayCannotRead() {
        assertThatThrownBy(() -> client.table("t").query().filter("flag", Operator.IS, "maybe"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldWaitForTheCallersWriteBeforeReading() {
        gateway.json(200, "[{\"account\":\"carol\",\"qty\":1}]");

        List<Map<String, Object>> rows = client.table("payment").query().eq("account", "carol")
                .after("tx-9", Duration.ofSeconds(2)).list();

        assertThat(rows).containsExactly(Map.of("account", "carol", "qty", 1));
        assertThat(gateway.received().getFirst().param("after")).isEqualTo("tx-9");
        assertThat(gateway.received().getFirst().param("timeout")).isEqualTo("PT2S");
    }

    @Test
    void shouldReadWhatTheHeadersSayAboutAPage() {
        gateway.answer(new FakeGateway.Answer(200, "application/json", "[{\"qty\":1.50}]",
                Map.of("Mesh-Peers", "peer-1,peer-2", "Mesh-Partial", "peer-3", "Mesh-Next", "abc")));

        Page page = client.table("payment").query().allowPartial().page();

        assertThat(page.peers()).containsExactly("peer-1", "peer-2");
        assertThat(page.missingPeers()).containsExactly("peer-3");
        assertThat(page.isPartial()).isTrue();
        assertThat(page.next()).isEqualTo("abc");
        assertThat(page.rows().getFirst().get("qty")).isEqualTo(new BigDecimal("1.50"));
        assertThat(gateway.received().getFirst().param("partial")).isEqualTo("true");
    }

    @Test
    void shouldPageThroughEveryRowWithTheCursorAndStopAfterTheLastPage() {
        gateway.answer(new FakeGateway.Answer(200, "application/json", "[{\"id\":1},{\"id\":2}]",
                        Map.of("Mesh-Next", "c1")))
                .answer(new FakeGateway.Answer(200, "application/json", "[{\"id\":3},{\"id\":4}]",
                        Map.of("Mesh-Next", "c2")))
                .json(200, "[{\"id\":5}]");

        List<Long> ids = client.table("t").query().gt("id", 0).order("id").limit(2).offset(0).after("tx-1")
                .stream(Row.class).map(Row::id).toList();

        assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L);
        List<FakeGateway.Received> requests = gateway.received();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(r -> r.param("cursor")).containsExactly(null, "c1", "c2");
        assertThat(requests).extracting(r -> r.param("limit")).containsOnly("2");
        assertThat(requests).extracting(r -> r.param("id")).containsOnly("gt.0");
        assertThat(requests).extracting(r -> r.param("order")).containsOnly("id.asc");
        // The first page alone waits for the write and starts at the offset; the cursor says the rest.
        assertThat(requests).extracting(r -> r.param("after")).containsExactly("tx-1", null, null);
        assertThat(requests).extracting(r -> r.param("offset")).containsExactly("0", null, null);
    }

    @Test
    void shouldReadNothingUntilTheRowsAreAskedFor() {
        Iterable<Map<String, Object>> all = client.table("t").query().all();

        assertThat(all).isNotNull();
        assertThat(gateway.received()).isEmpty();
    }

    @Test
    void shouldReadOneRowByItsKey() {
        gateway.json(200, "{\"locationid\":\"a/b\",\"name\":\"Vancouver\"}");

        Map<String, Object> row = client.table("location").row("loc 1");

        assertThat(row).containsEntry("name", "Vancouver");
        assertThat(gateway.received().getFirst().path()).isEqualTo("/v1/tables/location/rows/loc%201");
    }

    @Test
    void shouldRetryAReadThePeersCouldNotAnswer() {
        gateway.problem(503, "peers-unavailable", "peer-3 did not answer").json(200, "[]");

        assertThat(client.table("t").query().list()).isEmpty();
        assertThat(gateway.received()).hasSize(2);
    }

    record Row(long id) {
    }
}
