package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read path against the truth: the same rows in the mesh (HASH, RANGE and ROUND_ROBIN tables over
 * three peers) and in one plain PostgreSQL database, and hundreds of random queries that must answer
 * alike; then pruning, paging with the cursor and reading one's own writes.
 */
class ReadPathIT {

    private static final int ROWS_PER_TABLE = 1000;
    private static final List<String> TABLES = List.of("pay_hash", "pay_range", "pay_rr");
    private static final String COLUMNS = """
            {"name":"account","type":"text","nullable":false},{"name":"id","type":"bigint","nullable":false},
            {"name":"qty","type":"bigint"},{"name":"price","type":"numeric"},{"name":"ts","type":"timestamp"},
            {"name":"flag","type":"boolean"},{"name":"note","type":"text"},{"name":"ratio","type":"double"}""";
    private static final Map<String, String> TYPES = new LinkedHashMap<>();
    private static final JsonMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    static {
        TYPES.put("account", "text");
        TYPES.put("id", "bigint");
        TYPES.put("qty", "bigint");
        TYPES.put("price", "numeric");
        TYPES.put("ts", "timestamptz");
        TYPES.put("flag", "boolean");
        TYPES.put("note", "text");
        TYPES.put("ratio", "double precision");
    }

    private static MeshCluster cluster;
    private static MeshClient mesh;
    private static EmbeddedPostgres reference;
    private static Connection plain;

    @BeforeAll
    static void loadTheSameRowsIntoTheMeshAndIntoPlainPostgres() throws Exception {
        cluster = SharedCluster.get();
        mesh = new MeshClient(cluster);
        reference = EmbeddedPostgres.builder().start();
        plain = reference.getPostgresDatabase().getConnection();
        define("pay_hash", "\"primaryKey\":[\"account\",\"id\"],"
                + "\"placement\":{\"strategy\":\"HASH\",\"column\":\"account\",\"shards\":8}");
        define("pay_range", "\"primaryKey\":[\"id\"],\"placement\":{\"strategy\":\"RANGE\",\"column\":\"id\","
                + "\"basePeer\":\"peer-1\",\"segments\":["
                + "{\"name\":\"low\",\"peer\":\"peer-2\",\"min\":1000,\"max\":1400},"
                + "{\"name\":\"high\",\"peer\":\"peer-3\",\"min\":1400,\"max\":2000}]}");
        define("pay_rr", "\"placement\":{\"strategy\":\"ROUND_ROBIN\"}");
        Random random = new Random(42);
        for (String table : TABLES) {
            String columns = String.join(", ", TYPES.keySet());
            try (var statement = plain.createStatement()) {
                statement.execute("create table " + table + " (" + TYPES.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")");
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < ROWS_PER_TABLE; i++) {
                rows.add(randomRow(random, table.equals("pay_range") ? 500 + i * 2 : 1000 + i));
            }
            for (int from = 0; from < rows.size(); from += 250) {
                List<Map<String, Object>> batch = rows.subList(from, from + 250);
                var committed = mesh.post("/v1/tx?wait=committed", MeshClient.JSON.writeValueAsString(
                        Map.of("inserts", List.of(Map.of("table", table, "rows", batch)))));
                assertThat(committed.status()).as(committed.raw().body()).isEqualTo(200);
            }
            try (PreparedStatement insert = plain.prepareStatement("insert into " + table + " (" + columns
                    + ") values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Map<String, Object> row : rows) {
                    insert.setString(1, (String) row.get("account"));
                    insert.setLong(2, (Long) row.get("id"));
                    insert.setObject(3, row.get("qty"));
                    insert.setObject(4, row.get("price") == null ? null : new BigDecimal((String) row.get("price")));
                    insert.setObject(5, row.get("ts") == null ? null
                            : Timestamp.from(Instant.parse((String) row.get("ts"))));
                    insert.setObject(6, row.get("flag"));
                    insert.setObject(7, row.get("note"));
                    insert.setObject(8, row.get("ratio"));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    @AfterAll
    static void stopReference() throws Exception {
        if (plain != null) {
            plain.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void shouldAnswerHundredsOfRandomQueriesExactlyAsOnePlainPostgresDoes() throws Exception {
        Random random = new Random(7);
        int aggregated = 0;
        for (int q = 0; q < 360; q++) {
            String table = TABLES.get(q % TABLES.size());
            RandomQuery query = random.nextInt(10) < 3 ? RandomQuery.aggregate(random) : RandomQuery.rows(random);
            aggregated += query.aggregate ? 1 : 0;
            var answer = mesh.get("/v1/tables/" + table + "/rows?" + query.queryString());
            assertThat(answer.status()).as("%s?%s: %s", table, query.queryString(), answer.raw().body())
                    .isEqualTo(200);
            List<List<Object>> fromMesh = new ArrayList<>();
            for (JsonNode row : EXACT.readTree(answer.raw().body())) {
                List<Object> values = new ArrayList<>();
                query.keys.forEach(k -> values.add(normalize(row.get(k))));
                fromMesh.add(values);
            }
            assertThat(fromMesh).as("%s?%s", table, query.queryString())
                    .usingElementComparator(ReadPathIT::compareRows)
                    .containsExactlyElementsOf(query.runOn(plain, table));
        }
        assertThat(aggregated).isGreaterThan(50);
    }

    @Test
    void shouldAskOnlyTheOwnerOfTheShardForEqualityOnTheShardKey() throws Exception {
        var one = mesh.get("/v1/tables/pay_hash/rows?account=eq.acct-03&select=id");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.header("Mesh-Peers").split(",")).hasSize(1);
        assertThat(one.body().size()).isGreaterThan(0);

        var all = mesh.get("/v1/tables/pay_hash/rows?qty=gt.10&limit=5");
        assertThat(all.header("Mesh-Peers").split(",")).containsExactlyInAnyOrder("peer-1", "peer-2", "peer-3");
    }

    @Test
    void shouldAskOnlyTheSegmentsOwnerForARangeInsideOneSegment() throws Exception {
        var inside = mesh.get("/v1/tables/pay_range/rows?id=gte.1500&id=lt.1600&select=id&limit=100");
        assertThat(inside.header("Mesh-Peers")).isEqualTo("peer-3");
        assertThat(inside.body().size()).isEqualTo(50);

        var below = mesh.get("/v1/tables/pay_range/rows?id=lt.900&select=id&limit=1000");
        assertThat(below.header("Mesh-Peers")).isEqualTo("peer-1");
        assertThat(below.body().size()).isEqualTo(200);
    }

    @Test
    void shouldReadAReplicatedTableFromOneMeasuredPeer() throws Exception {
        define("currency_ref", "\"primaryKey\":[\"code\"],\"placement\":{\"strategy\":\"REPLICATED\"}",
                "{\"name\":\"code\",\"type\":\"text\",\"nullable\":false},{\"name\":\"digits\",\"type\":\"integer\"}");
        assertThat(mesh.post("/v1/tx?wait=committed", """
                {"inserts":[{"table":"currency_ref","rows":[{"code":"EUR","digits":2},{"code":"JPY","digits":0}]}]}""")
                .status()).isEqualTo(200);
        var read = mesh.get("/v1/tables/currency_ref/rows?order=code");
        assertThat(read.header("Mesh-Peers").split(",")).hasSize(1);
        assertThat(read.body().get(1).get("code").asString()).isEqualTo("JPY");
        var peers = mesh.get("/v1/admin/peers").body();
        for (JsonNode peer : peers) {
            assertThat(peer.get("roundTripMs").isNumber()).as(peer.toString()).isTrue();
            assertThat(peer.get("reachableFromGateway").asBoolean()).isTrue();
        }
    }

    @Test
    void shouldPageThroughEveryRowOnceWithTheCursor() throws Exception {
        assertThat(pageThrough("pay_hash", "order=qty.desc.nullsfirst&select=id", "id", 77))
                .hasSize(ROWS_PER_TABLE);
        // No primary key and a heavily tied order: rows are told apart by transaction, ordinal and peer.
        define("clicks_paged", "\"placement\":{\"strategy\":\"ROUND_ROBIN\"}",
                "{\"name\":\"n\",\"type\":\"integer\",\"nullable\":false},{\"name\":\"page\",\"type\":\"text\"}");
        for (int t = 0; t < 5; t++) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                rows.add(Map.of("n", t * 500 + i, "page", "/p" + (i % 3)));
            }
            assertThat(mesh.post("/v1/tx?wait=committed", MeshClient.JSON.writeValueAsString(
                    Map.of("inserts", List.of(Map.of("table", "clicks_paged", "rows", rows))))).status()).isEqualTo(200);
        }
        List<String> seen = pageThrough("clicks_paged", "order=page.desc&select=n", "n", 300);
        assertThat(seen).hasSize(2500).doesNotHaveDuplicates();
    }

    @Test
    void shouldRefuseACursorFromAnotherQuery() throws Exception {
        var first = mesh.get("/v1/tables/pay_hash/rows?order=qty&limit=10");
        String next = first.header("Mesh-Next");
        assertThat(next).isNotNull();
        var other = mesh.get("/v1/tables/pay_hash/rows?order=price&limit=10&cursor=" + next);
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.body().get("type").asString()).endsWith("/invalid-cursor");
        assertThat(mesh.get("/v1/tables/pay_hash/rows?order=qty&limit=10&cursor=garbage").status()).isEqualTo(400);
    }

    @Test
    void shouldAlwaysSeeOwnWriteWhenReadingAfterIt() throws Exception {
        define("orders_ryw", "\"primaryKey\":[\"id\"],\"placement\":{\"strategy\":\"HASH\",\"column\":\"id\"}",
                "{\"name\":\"id\",\"type\":\"bigint\",\"nullable\":false},{\"name\":\"item\",\"type\":\"text\"}");
        for (int i = 0; i < 20; i++) {
            var accepted = mesh.post("/v1/tx", "{\"inserts\":[{\"table\":\"orders_ryw\",\"rows\":[{\"id\":" + i
                    + ",\"item\":\"book\"}]}]}");
            assertThat(accepted.status()).isEqualTo(202);
            String txId = accepted.body().get("txId").asString();
            var read = mesh.get("/v1/tables/orders_ryw/rows?id=eq." + i + "&after=" + txId + "&timeout=PT10S");
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.body().size()).as("row %d read after %s", i, txId).isEqualTo(1);
        }
    }

    @Test
    void shouldRefuseQueriesItCannotAnswerWithAProblem() throws Exception {
        for (String bad : List.of("select=qty.median()", "select=note.sum()", "select=flag.max()",
                "select=nope.count()", "order=nope", "qty=eq.twelve", "qty=between.1", "limit=100000",
                "select=count(),count()", "select=count()&cursor=abc", "offset=5&cursor=abc")) {
            var answer = mesh.get("/v1/tables/pay_hash/rows?" + bad);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.raw().headers().firstValue("Content-Type").orElse(""))
                    .contains("application/problem+json");
        }
    }

    private static List<String> pageThrough(String table, String query, String key, int limit) throws Exception {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = mesh.get("/v1/tables/" + table + "/rows?" + query + "&limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.raw().body()).isEqualTo(200);
            assertThat(page.body().size()).isLessThanOrEqualTo(limit);
            page.body().forEach(row -> seen.add(row.get(key).toString()));
            cursor = page.header("Mesh-Next");
            pages++;
        } while (cursor != null && pages < 1000);
        Set<String> unique = new HashSet<>(seen);
        assertThat(unique).hasSameSizeAs(seen);
        return seen;
    }

    private static void define(String table, String rest) throws Exception {
        define(table, rest, COLUMNS);
    }

    private static void define(String table, String rest, String columns) throws Exception {
        var defined = mesh.put("/v1/admin/tables/" + table, "{\"columns\":[" + columns + "]," + rest + "}");
        assertThat(defined.status()).as(defined.raw().body()).isIn(200, 201);
    }

    private static final String[] WORDS = {"alpha", "beta", "Gamma", "delta", "epsilon", "zeta", "Eta", "theta"};

    private static Map<String, Object> randomRow(Random random, long id) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("account", "acct-" + String.format("%02d", random.nextInt(20)));
        row.put("id", id);
        row.put("qty", random.nextInt(10) == 0 ? null : (long) random.nextInt(2000) - 500);
        row.put("price", random.nextInt(10) == 0 ? null
                : BigDecimal.valueOf(random.nextInt(1_000_000), 2).toPlainString());
        row.put("ts", random.nextInt(10) == 0 ? null
                : Instant.parse("2026-11-01T00:00:00Z").plusSeconds(random.nextInt(30 * 86400)).toString());
        row.put("flag", random.nextInt(5) == 0 ? null : random.nextBoolean());
        row.put("note", random.nextInt(4) == 0 ? null
                : WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)]);
        row.put("ratio", random.nextInt(10) == 0 ? null : random.nextDouble() * 100);
        return row;
    }

    /** Values as comparable plain objects: numbers as BigDecimal, timestamps as instants, the rest as text. */
    private static Object normalize(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        String text = value.asString();
        return text.matches("\\d{4}-\\d\\d-\\d\\dT.*Z") ? Instant.parse(text) : text;
    }

    private static Object normalize(Object value) {
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        return value;
    }

    /** Exact for everything but floating point and averages, which may differ in the last digits. */
    private static int compareRows(List<Object> a, List<Object> b) {
        if (a.size() != b.size()) {
            return 1;
        }
        for (int i = 0; i < a.size(); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (x instanceof BigDecimal dx && y instanceof BigDecimal dy) {
                BigDecimal tolerance = dx.abs().max(dy.abs()).max(BigDecimal.ONE).multiply(new BigDecimal("1e-9"));
                if (dx.subtract(dy).abs().compareTo(tolerance) > 0) {
                    return 1;
                }
            } else if (x == null ? y != null : !x.equals(y)) {
                return 1;
            }
        }
        return 0;
    }

    /** One random query, as the gateway's query string and as SQL for the plain database. */
    private static final class RandomQuery {

        private static final String[] ORDERABLE = {"qty", "price", "ts", "account", "note", "flag", "ratio"};

        final List<String> params = new ArrayList<>();
        final List<String> where = new ArrayList<>();
        final List<Object> binds = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        final List<String> sqlSelect = new ArrayList<>();
        final List<String> sqlOrder = new ArrayList<>();
        final List<String> groupBy = new ArrayList<>();
        boolean aggregate;
        Integer limit;
        Integer offset;

        static RandomQuery rows(Random random) {
            RandomQuery q = new RandomQuery();
            q.filters(random);
            List<String> columns = new ArrayList<>(TYPES.keySet());
            if (random.nextBoolean()) {
                java.util.Collections.shuffle(columns, random);
                columns = columns.subList(0, 1 + random.nextInt(columns.size()));
            }
            q.keys.addAll(columns);
            q.sqlSelect.addAll(columns);
            q.params.add("select=" + String.join(",", columns));
            List<String> orderTerms = new ArrayList<>();
            int terms = random.nextInt(3);
            for (int i = 0; i < terms; i++) {
                String column = ORDERABLE[random.nextInt(ORDERABLE.length)];
                boolean desc = random.nextBoolean();
                Boolean nullsFirst = random.nextInt(3) == 0 ? Boolean.valueOf(random.nextBoolean()) : null;
                orderTerms.add(column + (desc ? ".desc" : random.nextBoolean() ? ".asc" : "")
                        + (nullsFirst == null ? "" : nullsFirst ? ".nullsfirst" : ".nullslast"));
                q.sqlOrder.add(sortable(column) + (desc ? " desc" : " asc")
                        + (nullsFirst == null ? "" : nullsFirst ? " nulls first" : " nulls last"));
            }
            // The unique id last makes the order total, so both answers are one list.
            orderTerms.add("id");
            q.sqlOrder.add("id asc");
            q.params.add("order=" + String.join(",", orderTerms));
            q.limit = 1 + random.nextInt(60);
            q.params.add("limit=" + q.limit);
            if (random.nextBoolean()) {
                q.offset = random.nextInt(40);
                q.params.add("offset=" + q.offset);
            }
            return q;
        }

        static RandomQuery aggregate(Random random) {
            RandomQuery q = new RandomQuery();
            q.aggregate = true;
            q.filters(random);
            List<String> select = new ArrayList<>();
            List<String> groups = List.of("account", "flag");
            for (String group : groups) {
                if (random.nextInt(3) == 0) {
                    q.groupBy.add(group);
                }
            }
            for (String group : q.groupBy) {
                select.add(group);
                q.keys.add(group);
                q.sqlSelect.add(group);
                q.sqlOrder.add(sortable(group) + " asc");
            }
            String[][] aggregates = {{"count()", "count(*)"}, {"qty.sum()", "sum(qty)"}, {"price.avg()", "avg(price)"},
                    {"ts.max()", "max(ts)"}, {"note.min()", "min(note collate \"C\")"}, {"ratio.sum()", "sum(ratio)"},
                    {"qty.avg()", "avg(qty)"}, {"price.min()", "min(price)"}, {"id.count()", "count(id)"}};
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                String[] a = aggregates[random.nextInt(aggregates.length)];
                select.add("a" + i + ":" + a[0]);
                q.keys.add("a" + i);
                q.sqlSelect.add(a[1] + " as a" + i);
            }
            q.params.add("select=" + String.join(",", select));
            if (!q.groupBy.isEmpty()) {
                q.params.add("order=" + String.join(",", q.groupBy));
            }
            return q;
        }

        private void filters(Random random) {
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                boolean not = random.nextInt(6) == 0;
                String column;
                String op;
                String value;
                String sql;
                switch (random.nextInt(8)) {
                    case 0 -> {
                        column = "account";
                        op = "eq";
                        value = String.format("acct-%02d", random.nextInt(20));
                        sql = "account = ?";
                        binds.add(value);
                    }
                    case 1 -> {
                        column = "account";
                        List<String> in = new ArrayList<>();
                        for (int k = 0; k < 1 + random.nextInt(4); k++) {
                            in.add(String.format("acct-%02d", random.nextInt(20)));
                        }
                        op = "in";
                        value = "(" + String.join(",", in) + ")";
                        sql = "account in (" + in.stream().map(x -> "?").collect(Collectors.joining(",")) + ")";
                        binds.addAll(in);
                    }
                    case 2 -> {
                        column = "qty";
                        String[] ops = {"gt", "gte", "lt", "lte", "neq", "eq"};
                        String[] sqlOps = {">", ">=", "<", "<=", "<>", "="};
                        int k = random.nextInt(ops.length);
                        op = ops[k];
                        long v = random.nextInt(2000) - 500;
                        value = Long.toString(v);
                        sql = "qty " + sqlOps[k] + " ?";
                        binds.add(v);
                    }
                    case 3 -> {
                        column = "price";
                        op = random.nextBoolean() ? "gte" : "lt";
                        BigDecimal v = BigDecimal.valueOf(random.nextInt(1_000_000), 2);
                        value = v.toPlainString();
                        sql = "price " + (op.equals("gte") ? ">=" : "<") + " ?";
                        binds.add(v);
                    }
                    case 4 -> {
                        column = "ts";
                        op = random.nextBoolean() ? "gt" : "lte";
                        Instant v = Instant.parse("2026-11-01T00:00:00Z").plusSeconds(random.nextInt(30 * 86400));
                        value = v.toString();
                        sql = "ts " + (op.equals("gt") ? ">" : "<=") + " ?";
                        binds.add(Timestamp.from(v));
                    }
                    case 5 -> {
                        column = random.nextBoolean() ? "note" : "qty";
                        op = "is";
                        value = "null";
                        sql = column + " is null";
                    }
                    case 6 -> {
                        column = "flag";
                        op = "is";
                        value = random.nextBoolean() ? "true" : "false";
                        sql = "flag is " + value;
                    }
                    default -> {
                        column = "note";
                        op = random.nextBoolean() ? "like" : "ilike";
                        String word = WORDS[random.nextInt(WORDS.length)].substring(0, 3).toLowerCase();
                        value = "*" + word + "*";
                        sql = "note " + op + " ?";
                        binds.add("%" + word + "%");
                    }
                }
                params.add(column + "=" + (not ? "not." : "") + op + "." + value);
                where.add(not ? "not (" + sql + ")" : sql);
            }
        }

        private static String sortable(String column) {
            return TYPES.get(column).equals("text") ? column + " collate \"C\"" : column;
        }

        String queryString() {
            return params.stream().map(p -> {
                int eq = p.indexOf('=');
                return p.substring(0, eq + 1) + URLEncoder.encode(p.substring(eq + 1), StandardCharsets.UTF_8);
            }).collect(Collectors.joining("&"));
        }

        List<List<Object>> runOn(Connection connection, String table) throws Exception {
            StringBuilder sql = new StringBuilder("select ").append(String.join(", ", sqlSelect))
                    .append(" from ").append(table);
            if (!where.isEmpty()) {
                sql.append(" where ").append(String.join(" and ", where));
            }
            if (!groupBy.isEmpty()) {
                sql.append(" group by ").append(String.join(", ", groupBy));
            }
            if (!sqlOrder.isEmpty()) {
                sql.append(" order by ").append(String.join(", ", sqlOrder));
            }
            if (!aggregate) {
                sql.append(" limit ").append(limit);
                if (offset != null) {
                    sql.append(" offset ").append(offset);
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < binds.size(); i++) {
                    statement.setObject(i + 1, binds.get(i));
                }
                List<List<Object>> rows = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int c = 1; c <= meta.getColumnCount(); c++) {
                            row.add(normalize(rs.getObject(c)));
                        }
                        rows.add(row);
                    }
                }
                return rows;
            }
        }
    }
}
