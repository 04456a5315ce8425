package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * A catalogue of bad requests: values at and past the limits of every type, malformed JSON, names
 * that collide with what a peer creates, bad placement specs, queries, cursors, headers and sizes.
 * Each one must be refused with a 4xx problem detail and store nothing, and a normal transaction on
 * the same table and peers must commit right after it: no bad request reaches a peer or stalls one.
 */
class BadRequestCatalogueIT {

    private static final String TABLE = "catalogue";
    private static MeshCluster cluster;
    private static MeshClient mesh;
    private static final AtomicLong goodRows = new AtomicLong();

    /** A value no column of its type can hold, as the members of a row beside a valid key. */
    private record BadValue(String what, String columns) {
    }

    private static final List<BadValue> BAD_VALUES = List.of(
            // text
            new BadValue("text with NUL", "\"note\":\"a\\u0000b\""),
            new BadValue("text with an unpaired surrogate", "\"note\":\"a\\ud800b\""),
            new BadValue("text given an object", "\"note\":{\"x\":1}"),
            new BadValue("text given an array", "\"note\":[1,2]"),
            // integer and bigint
            new BadValue("integer above 2^31-1", "\"n32\":2147483648"),
            new BadValue("integer below -2^31", "\"n32\":-2147483649"),
            new BadValue("integer with a fraction", "\"n32\":1.5"),
            new BadValue("integer as words", "\"n32\":\"twelve\""),
            new BadValue("integer with an absurd exponent", "\"n32\":\"1e999999999\""),
            new BadValue("bigint above 2^63-1", "\"id\":9223372036854775808"),
            // numeric
            new BadValue("numeric with an absurd exponent", "\"amount\":\"1e999999999\""),
            new BadValue("numeric past 131072 integer digits", "\"amount\":\"1e131072\""),
            new BadValue("numeric past 16383 fraction digits", "\"amount\":\"1e-16384\""),
            new BadValue("numeric NaN", "\"amount\":\"NaN\""),
            new BadValue("numeric Infinity", "\"amount\":\"Infinity\""),
            new BadValue("numeric in hexadecimal", "\"amount\":\"0x10\""),
            new BadValue("numeric with an exponent of ten digits", "\"amount\":\"1e1000000000\""),
            // double
            new BadValue("double NaN", "\"ratio\":\"NaN\""),
            new BadValue("double -Infinity", "\"ratio\":\"-Infinity\""),
            new BadValue("double overflowing to infinity", "\"ratio\":1e400"),
            new BadValue("double underflowing to zero", "\"ratio\":1e-400"),
            new BadValue("double with a type suffix", "\"ratio\":\"1.5d\""),
            // boolean
            new BadValue("boolean as yes", "\"flag\":\"yes\""),
            new BadValue("boolean as 1", "\"flag\":1"),
            // timestamp and date
            new BadValue("timestamp with month 13", "\"ts\":\"2026-13-01T00:00:00Z\""),
            new BadValue("timestamp in year 10000", "\"ts\":\"+10000-01-01T00:00:00Z\""),
            new BadValue("timestamp before year 1", "\"ts\":\"0000-12-31T23:59:59Z\""),
            new BadValue("timestamp with nanoseconds", "\"ts\":\"2026-01-01T00:00:00.123456789Z\""),
            new BadValue("timestamp as epoch seconds", "\"ts\":1700000000"),
            new BadValue("date of February 30", "\"day\":\"2026-02-30\""),
            new BadValue("date in year 0", "\"day\":\"0000-01-01\""),
            new BadValue("date past year 9999", "\"day\":\"+10000-01-01\""),
            // uuid
            new BadValue("uuid that is not one", "\"ref\":\"not-a-uuid\""),
            new BadValue("uuid with a tail", "\"ref\":\"0b9f4a5e-3f35-4a36-9b4e-6a1b8f4f2c01-ff\""),
            // json
            new BadValue("json with NUL in a string", "\"doc\":{\"a\":\"x\\u0000y\"}"),
            new BadValue("json with NUL in a key", "\"doc\":{\"a\\u0000\":1}"),
            new BadValue("json number beyond numeric", "\"doc\":[\"ok\",{\"n\":1e131073}]")
    );

    /** One bad request: what it tries, and how it is sent. */
    private record Bad(String what, Function<MeshClient, HttpRequest.Builder> request) {
    }

    @BeforeAll
    static void defineTable() throws Exception {
        cluster = SharedCluster.get();
        mesh = new MeshClient(cluster);
        assertThat(mesh.put("/v1/admin/tables/" + TABLE, """
                {"columns":[{"name":"account","type":"text","nullable":false},{"name":"id","type":"bigint","nullable":false},
                 {"name":"note","type":"text"},{"name":"n32","type":"integer"},{"name":"amount","type":"numeric"},
                 {"name":"ratio","type":"double"},{"name":"flag","type":"boolean"},{"name":"ts","type":"timestamp"},
                 {"name":"day","type":"date"},{"name":"ref","type":"uuid"},{"name":"doc","type":"json"}],
                 "primaryKey":["account","id"],"placement":{"strategy":"HASH","column":"account","shards":6}}""")
                .status()).isIn(200, 201);
    }

    private static Bad row(String what, String columns) {
        String body = "{\"inserts\":[{\"table\":\"" + TABLE + "\",\"rows\":[{\"account\":\"a1\",\"id\":1," + columns
                + "}]}]}";
        return post(what, "/v1/tx", body);
    }

    private static Bad post(String what, String path, String body) {
        return new Bad(what, m -> m.request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Bad define(String what, String table, String body) {
        return new Bad(what, m -> m.request("/v1/admin/tables/" + table).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Bad query(String what, String query) {
        return new Bad(what, m -> m.request("/v1/tables/" + TABLE + "/rows?" + query).GET());
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A request to the PostgREST dialect, with its headers as name, value, name, value … */
    private static Bad rest(String what, String method, String pathAndQuery, String body, String... headers) {
        return new Bad("PostgREST " + what, m -> {
            HttpRequest.Builder request = m.request("/rest/" + TABLE + pathAndQuery).method(method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            for (int i = 0; i < headers.length; i += 2) {
                request.setHeader(headers[i], headers[i + 1]);
            }
            return request;
        });
    }

    private static Bad restRead(String what, String query, String... headers) {
        return rest(what, "GET", "?" + query, null, headers);
    }

    /**
     * The same class of faults through the PostgREST dialect: every bad value in an insert, the
     * dialect's own parameters and headers at their limits, and the changes insert-only refuses.
     */
    private static List<Bad> postgrestCatalogue() {
        List<Bad> bad = new ArrayList<>(BAD_VALUES.stream().map(v -> rest("insert: " + v.what(), "POST", "",
                "{\"account\":\"a1\",\"id\":1," + v.columns() + "}")).toList());
        String two = "[{\"account\":\"r1\",\"id\":1},{\"account\":\"r2\",\"id\":2}]";
        String deep = "(" + "and(".repeat(9) + "id.eq.1" + ")".repeat(9) + ")";
        bad.addAll(List.of(
                rest("array with one bad row among good ones", "POST", "",
                        "[{\"account\":\"r1\",\"id\":1},{\"account\":\"r2\",\"id\":\"x\"}]"),
                rest("array with a row that is a number", "POST", "", "[{\"account\":\"r1\",\"id\":1},7]"),
                rest("unknown column", "POST", "", "{\"account\":\"r\",\"id\":1,\"colour\":\"red\"}"),
                rest("not-null column missing", "POST", "", "{\"id\":1}"),
                rest("empty array", "POST", "", "[]"),
                rest("empty body", "POST", "", ""),
                rest("truncated JSON", "POST", "", "{\"account\":"),
                rest("columns naming an unknown column", "POST", "?columns=account,id,colour", two),
                rest("columns naming nothing", "POST", "?columns=", two),
                rest("merging upsert", "POST", "", two, "Prefer", "resolution=merge-duplicates"),
                rest("on_conflict other than the primary key", "POST", "?on_conflict=note", two,
                        "Prefer", "resolution=ignore-duplicates"),
                rest("one object asked of two rows", "POST", "", two, "Prefer", "return=representation",
                        "Accept", "application/vnd.pgrst.object+json"),
                rest("an aggregate in an insert's select", "POST", "?select=count()", two,
                        "Prefer", "return=representation"),
                rest("another schema", "POST", "", two, "Content-Profile", "private"),
                rest("a CSV body", "POST", "", "account,id\nr1,1\n", "Content-Type", "text/csv"),
                rest("a Content-Type that is no media type", "POST", "", two, "Content-Type", "json please"),
                rest("strict handling of a preference it does not honour", "POST", "", two,
                        "Prefer", "handling=strict, tx=rollback"),
                rest("Idempotency-Key of 256 characters", "POST", "", two, "Idempotency-Key", "k".repeat(256)),
                rest("PATCH", "PATCH", "?id=eq.1", "{\"note\":\"x\"}"),
                rest("PUT", "PUT", "?id=eq.1", "{\"account\":\"a\",\"id\":1}"),
                rest("DELETE", "DELETE", "?id=eq.1", null),
                restRead("or without its closing parenthesis", "or=" + encoded("(id.eq.1")),
                restRead("or on an unknown column", "or=" + encoded("(colour.eq.1)")),
                restRead("or with a value of the wrong type", "or=" + encoded("(id.eq.x,id.eq.2)")),
                restRead("empty or", "or=" + encoded("()")),
                restRead("not.or without parentheses", "not.or=" + encoded("id.eq.1")),
                restRead("or with an unbalanced quote", "or=" + encoded("(note.eq.\"open)")),
                restRead("trees nested 10 deep", "or=" + encoded(deep)),
                restRead("trees of 201 conditions", "or=" + encoded("(" + "id.eq.1,".repeat(200) + "id.eq.2)")),
                restRead("full-text search", "note=fts.hello"),
                restRead("full-text search inside an or", "or=" + encoded("(note.fts.hello,id.eq.1)")),
                restRead("an operator that does not exist", "id=near.5"),
                restRead("a filter value of the wrong type", "id=eq.abc"),
                restRead("a filter on an unknown column", "colour=eq.red"),
                restRead("a filter text with NUL", "note=eq." + encoded("a\u0000b")),
                restRead("an embedded resource", "select=" + encoded("*,other(*)")),
                restRead("a cast", "select=" + encoded("note::int")),
                restRead("a JSON path", "select=" + encoded("doc->a")),
                restRead("sum of text", "select=note.sum()"),
                restRead("order in a direction that does not exist", "order=note.sideways"),
                restRead("limit above a page", "limit=10001"),
                restRead("negative limit", "limit=-1"),
                restRead("offset beyond what a query may skip", "offset=100001"),
                restRead("the /v1 cursor", "cursor=abc"),
                restRead("a Range that ends before it starts", "select=id", "Range", "9-5"),
                restRead("a Range that is no range", "select=id", "Range", "all of them"),
                restRead("an Accept it cannot answer", "select=id", "Accept", "application/xml"),
                restRead("another schema", "select=id", "Accept-Profile", "private"),
                restRead("strict handling of a count it does not know", "select=id", "Prefer",
                        "handling=strict, count=maybe")));
        return bad;
    }

    private static List<Bad> catalogue() {
        String column = "{\"name\":\"c\",\"type\":\"text\"}";
        List<Bad> bad = new ArrayList<>(BAD_VALUES.stream().map(v -> row(v.what(), v.columns())).toList());
        bad.addAll(List.of(
                // rows
                row("unknown column", "\"colour\":\"red\""),
                row("null in a not-null column", "\"id\":null,\"note\":\"x\""),
                post("row that is an array", "/v1/tx", "{\"inserts\":[{\"table\":\"" + TABLE + "\",\"rows\":[[1,2]]}]}"),
                post("row missing its key", "/v1/tx", "{\"inserts\":[{\"table\":\"" + TABLE + "\",\"rows\":[{\"note\":\"x\"}]}]}"),
                post("one-table write of a bad row", "/v1/tables/" + TABLE + "/rows", "{\"account\":\"a\",\"id\":\"x\"}"),
                // JSON and body shapes
                post("empty body", "/v1/tx", ""),
                post("truncated JSON", "/v1/tx", "{\"inserts\":[{\"table\":\"" + TABLE + "\""),
                post("a bare array", "/v1/tx", "[]"),
                post("no inserts", "/v1/tx", "{\"inserts\":[]}"),
                post("insert without rows", "/v1/tx", "{\"inserts\":[{\"table\":\"" + TABLE + "\"}]}"),
                post("insert with no row", "/v1/tx", "{\"inserts\":[{\"table\":\"" + TABLE + "\",\"rows\":[]}]}"),
                post("nesting deeper than any parser allows", "/v1/tx", "[".repeat(5000) + "]".repeat(5000)),
                post("unknown table", "/v1/tx", "{\"inserts\":[{\"table\":\"nosuch\",\"rows\":[{\"a\":1}]}]}"),
                post("table name with SQL in it", "/v1/tx",
                        "{\"inserts\":[{\"table\":\"x\\\"; drop table catalogue; --\",\"rows\":[{\"a\":1}]}]}"),
                // parameters and headers of writes
                post("wait that is not a wait", "/v1/tx?wait=forever",
                        "{\"inserts\":[{\"table\":\"" + TABLE + "\",\"rows\":[{\"account\":\"w\",\"id\":1}]}]}"),
                post("negative timeout", "/v1/tx?wait=committed&timeout=PT-5S",
                        "{\"inserts\":[{\"table\":\"" + TABLE + "\",\"rows\":[{\"account\":\"w\",\"id\":2}]}]}"),
                post("timeout that is not a duration", "/v1/tx?wait=committed&timeout=soon",
                        "{\"inserts\":[{\"table\":\"" + TABLE + "\",\"rows\":[{\"account\":\"w\",\"id\":3}]}]}"),
                new Bad("Idempotency-Key of 256 characters", m -> m.request("/v1/tx").header("Idempotency-Key", "k".repeat(256))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"inserts\":[{\"table\":\"" + TABLE
                                + "\",\"rows\":[{\"account\":\"w\",\"id\":4}]}]}"))),
                // table definitions: names that collide with what peers create, and bad placement
                define("table named like an index", TABLE + "_pkey", "{\"columns\":[" + column + "]}"),
                define("table named like the _tx index", TABLE + "__tx_idx", "{\"columns\":[" + column + "]}"),
                define("table in PostgreSQL's namespace", "pg_shadowy", "{\"columns\":[" + column + "]}"),
                define("table in the mesh's namespace", "mesh_offsets", "{\"columns\":[" + column + "]}"),
                define("table named by a reserved word", "select", "{\"columns\":[" + column + "]}"),
                define("table name of 64 characters", "t".repeat(64), "{\"columns\":[" + column + "]}"),
                define("table name in capitals", "Shouting", "{\"columns\":[" + column + "]}"),
                define("column named like a system column", "sys_col", "{\"columns\":[{\"name\":\"xmin\",\"type\":\"text\"}]}"),
                define("column named ctid", "sys_col2", "{\"columns\":[{\"name\":\"ctid\",\"type\":\"bigint\"}]}"),
                define("column named by a query parameter", "param_col", "{\"columns\":[{\"name\":\"cursor\",\"type\":\"text\"}]}"),
                define("column named by a reserved word", "word_col", "{\"columns\":[{\"name\":\"user\",\"type\":\"text\"}]}"),
                define("column of an unknown type", "money_col", "{\"columns\":[{\"name\":\"m\",\"type\":\"money\"}]}"),
                define("HASH with no shard", "zero_shards", "{\"columns\":[{\"name\":\"k\",\"type\":\"text\",\"nullable\":false}],"
                        + "\"primaryKey\":[\"k\"],\"placement\":{\"strategy\":\"HASH\",\"column\":\"k\",\"shards\":0}}"),
                define("RANGE with overlapping segments", "overlapping", "{\"columns\":[{\"name\":\"f\",\"type\":\"integer\",\"nullable\":false}],"
                        + "\"primaryKey\":[\"f\"],\"placement\":{\"strategy\":\"RANGE\",\"column\":\"f\",\"basePeer\":\"peer-1\",\"segments\":["
                        + "{\"name\":\"a\",\"peer\":\"peer-2\",\"min\":1,\"max\":10},{\"name\":\"b\",\"peer\":\"peer-3\",\"min\":5,\"max\":20}]}}"),
                define("ROUND_ROBIN with a primary key", "striped_key", "{\"columns\":[{\"name\":\"k\",\"type\":\"text\",\"nullable\":false}],"
                        + "\"primaryKey\":[\"k\"],\"placement\":{\"strategy\":\"ROUND_ROBIN\"}}"),
                define("placement on an unknown peer", "lost_peer", "{\"columns\":[{\"name\":\"k\",\"type\":\"text\",\"nullable\":false}],"
                        + "\"primaryKey\":[\"k\"],\"placement\":{\"strategy\":\"RANGE\",\"column\":\"k\",\"basePeer\":\"peer-99\"}}"),
                define("definition that is not JSON", "broken_def", "{\"columns\":"),
                // queries
                query("filter value of the wrong type", "id=eq.abc"),
                query("filter timestamp past year 9999", "ts=gt." + encoded("+10000-01-01T00:00:00Z")),
                query("filter text with NUL", "note=eq." + encoded("a\u0000b")),
                query("filter with an unknown operator", "id=near.5"),
                query("filter on an unknown column", "colour=eq.red"),
                query("order by an unknown column", "order=colour.desc"),
                query("negative limit", "limit=-1"),
                query("limit that is not a number", "limit=ten"),
                query("limit above a page", "limit=10001"),
                query("offset beyond what a query may hold", "offset=100000001"),
                query("garbage cursor", "cursor=" + encoded("not a cursor")),
                query("sum of text", "select=note.sum()"),
                query("in list with a wrong value", "id=in.(1,2,x)"),
                query("read-your-writes after a non-txId", "after=yesterday"),
                query("like pattern with NUL", "note=like." + encoded("a\u0000*")),
                query("in list of 1,001 values", "id=in.(" + "1,".repeat(1000) + "1)"),
                query("offset with a cursor", "offset=5&cursor=abc")));
        return bad;
    }

    @Test
    void shouldRefuseEveryBadRequestWithAProblemStoreNothingAndKeepCommitting() throws Exception {
        List<Bad> bad = catalogue();
        assertThat(bad).hasSizeGreaterThanOrEqualTo(40);
        refuseEachStoringNothing(bad, (request, answer, softly) -> {
            softly.assertThat(answer.raw().headers().firstValue("Content-Type").orElse(""))
                    .as(request.what() + " content type").startsWith("application/problem+json");
            softly.assertThat(answer.body() != null && answer.body().hasNonNull("detail")
                    && answer.body().hasNonNull("type")).as(request.what() + " problem: " + answer.raw().body())
                    .isTrue();
        });
        // Beyond what the server reads at all: refused before any handler, and nothing stalls.
        var huge = mesh.get("/v1/tables/" + TABLE + "/rows?id=in.(" + "1,".repeat(40_000) + "1)");
        assertThat(huge.status()).isBetween(400, 499);
        assertThat(commitGoodRow()).isEqualTo("COMMITTED");
        for (String table : List.of(TABLE + "_pkey", "pg_shadowy", "select", "sys_col", "param_col", "zero_shards",
                "overlapping", "striped_key", "lost_peer")) {
            assertThat(mesh.get("/v1/admin/tables/" + table).status()).as("table " + table + " defined").isEqualTo(404);
        }
    }

    @Test
    void shouldRefuseEveryBadPostgrestRequestInPostgrestsShapeStoreNothingAndKeepCommitting() throws Exception {
        List<Bad> bad = postgrestCatalogue();
        assertThat(bad).hasSizeGreaterThanOrEqualTo(80);
        refuseEachStoringNothing(bad, (request, answer, softly) -> {
            softly.assertThat(answer.raw().headers().firstValue("Content-Type").orElse(""))
                    .as(request.what() + " content type").startsWith("application/json");
            softly.assertThat(answer.body() != null && answer.body().path("code").isString()
                    && answer.body().path("message").isString() && answer.body().has("details")
                    && answer.body().has("hint")).as(request.what() + " PostgREST error: " + answer.raw().body())
                    .isTrue();
        });
    }

    /** What a refusal's body must be, in the API's own error shape. */
    @FunctionalInterface
    private interface ErrorShape {
        void check(Bad request, MeshClient.Response answer, org.assertj.core.api.SoftAssertions softly);
    }

    /** Each request refused with a 4xx in its shape, nothing stored, and a good transaction committing right after. */
    private static void refuseEachStoringNothing(List<Bad> bad, ErrorShape shape) throws Exception {
        long[] rowsBefore = {rowsEverywhere()};
        assertSoftly(softly -> {
            for (Bad request : bad) {
                try {
                    var answer = mesh.send(request.request().apply(mesh));
                    softly.assertThat(answer.status()).as(request.what() + " status").isBetween(400, 499);
                    shape.check(request, answer, softly);
                    softly.assertThat(rowsEverywhere()).as(request.what() + " stored rows").isEqualTo(rowsBefore[0]);
                    var good = commitGoodRow();
                    softly.assertThat(good).as("a good transaction right after " + request.what()).isEqualTo("COMMITTED");
                    rowsBefore[0] = rowsEverywhere();
                } catch (Exception e) {
                    softly.fail(request.what() + " could not be sent: " + e);
                }
            }
        });
    }

    private static String commitGoodRow() throws Exception {
        long n = goodRows.incrementAndGet();
        var answer = mesh.post("/v1/tx?wait=committed&timeout=PT20S", "{\"inserts\":[{\"table\":\"" + TABLE
                + "\",\"rows\":[{\"account\":\"good-" + n + "\",\"id\":" + n + ",\"note\":\"ok\",\"amount\":\"1.5\","
                + "\"ts\":\"2026-11-25T10:00:00.123456Z\",\"doc\":{\"k\":[1,2.5]}}]}]}");
        return answer.body() == null ? String.valueOf(answer.status()) : answer.body().path("status").asString();
    }

    private static long rowsEverywhere() throws Exception {
        long rows = 0;
        for (String peer : cluster.peerIds()) {
            rows += mesh.countOnPeer(peer, "select count(*) from " + TABLE);
        }
        return rows;
    }
}
