package dev.oltpmesh.gateway.write;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.model.security.ApiKeyGrant;
import dev.oltpmesh.model.security.ApiRole;
import dev.oltpmesh.support.security.ApiKeyGrants;
import java.util.Set;
import dev.oltpmesh.gateway.security.SecurityConfiguration;
import dev.oltpmesh.gateway.status.TxStatusView;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.support.config.ConfigUnavailableException;
import dev.oltpmesh.support.config.TableLookup;
import dev.oltpmesh.support.kafka.TopicFollower;
import dev.oltpmesh.model.event.ConfigEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(WriteController.class)
@Import({WriteControllerTest.Properties.class, SecurityConfiguration.class})
@TestPropertySource(properties = {"mesh.gateway.config-service-url=http://config", "mesh.gateway.router-url=http://router"})
class WriteControllerTest {

    @TestConfiguration
    @EnableConfigurationProperties(GatewayProperties.class)
    static class Properties {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    TransactionAcceptor acceptor;

    @MockitoBean
    TxStatusView statuses;

    @MockitoBean
    TableLookup tables;

    /** Replaced, so that no Kafka consumer is made: this slice follows no topic. */
    @MockitoBean(name = "configFollower")
    TopicFollower<ConfigEvent> configFollower;

    @MockitoBean
    ApiKeyGrants grants;

    @BeforeEach
    void definePayment() {
        given(grants.find("writer-key-0123456789abcdef0123456789")).willReturn(Optional.of(new ApiKeyGrant("key-1", "writer", ApiRole.WRITER, Set.of())));
        given(grants.find("orders-writer-key-0123456789abcdef0123")).willReturn(Optional.of(new ApiKeyGrant("key-2", "orders-app",
                ApiRole.WRITER, Set.of("orders"))));
        given(tables.current("payment")).willReturn(Optional.of(new TableDefinition("payment", 1, List.of(
                new ColumnDefinition("account", ColumnType.TEXT, false),
                new ColumnDefinition("amount", ColumnType.NUMERIC, true),
                new ColumnDefinition("ts", ColumnType.TIMESTAMP, true)), List.of("account"),
                new HashPlacement("account", 2, List.of("peer-1", "peer-2")))));
    }

    private org.springframework.test.web.servlet.ResultActions write(String row) throws Exception {
        return mvc.perform(post("/v1/tx").header("Authorization", "Bearer writer-key-0123456789abcdef0123456789")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"inserts\":[{\"table\":\"payment\",\"rows\":[" + row + "]}]}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"account\":\"a\\u0000b\"}",
            "{\"account\":\"a\",\"amount\":\"1e999999999\"}",
            "{\"account\":\"a\",\"amount\":\"NaN\"}",
            "{\"account\":\"a\",\"ts\":\"2026-01-01T00:00:00.000000001Z\"}",
            "{\"account\":\"a\",\"ts\":\"+10000-01-01T00:00:00Z\"}",
            "{\"account\":\"a\",\"colour\":\"red\"}",
            "{\"amount\":\"1\"}"})
    void shouldRefuseARowAPeerCouldNotStoreNamingItAndSendNothing(String row) throws Exception {
        write(row).andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(org.hamcrest.Matchers.endsWith("invalid-row")))
                .andExpect(jsonPath("$.table").value("payment"))
                .andExpect(jsonPath("$.row").value(0));
        verifyNoInteractions(acceptor);
    }

    @Test
    void shouldRefuseAKeyLimitedToOtherTablesAndAcceptNothing() throws Exception {
        given(tables.current("orders")).willReturn(Optional.of(new TableDefinition("orders", 1, List.of(
                new ColumnDefinition("id", ColumnType.TEXT, false)), List.of("id"),
                new HashPlacement("id", 2, List.of("peer-1", "peer-2")))));
        String both = "{\"inserts\":[{\"table\":\"orders\",\"rows\":[{\"id\":\"o1\"}]},"
                + "{\"table\":\"payment\",\"rows\":[{\"account\":\"a\"}]}]}";
        mvc.perform(post("/v1/tx").header("Authorization", "Bearer orders-writer-key-0123456789abcdef0123")
                        .contentType(MediaType.APPLICATION_JSON).content(both))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/v1/tables/payment/rows").header("Authorization", "Bearer orders-writer-key-0123456789abcdef0123")
                        .contentType(MediaType.APPLICATION_JSON).content("[{\"account\":\"a\"}]"))
                .andExpect(status().isForbidden());
        verifyNoInteractions(acceptor);
    }

    @Test
    void shouldRefuseRowsThatGrowTooLargeOnceWrittenOut() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"account\":\"a").append(i).append("\",\"amount\":\"1e131071\"}");
        }
        write(rows.toString()).andExpect(status().isContentTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(acceptor);
    }

    @Test
    void shouldSayTheConfigurationIsUnavailableRatherThanTheTableUnknown() throws Exception {
        given(tables.current(anyString())).willThrow(ConfigUnavailableException.asking("table 'payment'",
                new java.io.IOException("connection refused")));
        write("{\"account\":\"a\"}").andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.type").value(org.hamcrest.Matchers.endsWith("configuration-unavailable")));
        verifyNoInteractions(acceptor);
    }

    @Test
    void shouldAcceptAValidRow() throws Exception {
        given(acceptor.accept(anyString(), any(), any(), any()))
                .willReturn(new TransactionAcceptor.Accepted("01a2f0c0-0000-7000-8000-000000000001", 1, false));
        write("{\"account\":\"a\",\"amount\":\"12.50\",\"ts\":\"2026-11-25T10:00:00.123456Z\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.txId").value("01a2f0c0-0000-7000-8000-000000000001"));
    }
}
