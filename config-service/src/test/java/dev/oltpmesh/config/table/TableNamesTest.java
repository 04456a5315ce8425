package dev.oltpmesh.config.table;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableNamesTest {

    @Test
    void shouldRefuseTableNamesThatCollideWithWhatPeersCreateOrResolve() {
        for (String name : List.of("payment_pkey", "payment__tx_idx", "pg_class", "mesh_offsets", "select", "user",
                "Payment", "9lives", "_hidden", "a".repeat(64), "semi;colon", "quote\"d", "")) {
            assertThat(TableNames.problemWithTable(name)).as(name).isPresent();
        }
        assertThat(TableNames.problemWithTable(null)).isPresent();
    }

    @Test
    void shouldAcceptOrdinaryTableNames() {
        for (String name : List.of("payment", "fx_rates_2026", "a".repeat(63), "location", "keys", "users")) {
            assertThat(TableNames.problemWithTable(name)).as(name).isEmpty();
        }
    }

    @Test
    void shouldRefuseColumnNamesOfSystemColumnsReservedWordsAndQueryParameters() {
        for (String name : List.of("xmin", "ctid", "tableoid", "oid", "order", "limit", "cursor", "after", "_tx",
                "Amount", "a".repeat(64))) {
            assertThat(TableNames.problemWithColumn(name)).as(name).isPresent();
        }
        for (String name : List.of("amount", "account_id", "ts", "minx")) {
            assertThat(TableNames.problemWithColumn(name)).as(name).isEmpty();
        }
    }
}
