package dev.oltpmesh.gateway.write;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.query.StoredRows;
import dev.oltpmesh.gateway.security.SecurityConfiguration;
import dev.oltpmesh.gateway.status.TxStatus;
import dev.oltpmesh.gateway.status.TxStatusView;
import dev.oltpmesh.model.event.ConfigEvent;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.model.security.ApiKeyGrant;
import dev.oltpmesh.model.security.ApiRole;
import dev.oltpmesh.support.config.TableLookup;
import dev.oltpmesh.support.kafka.TopicFollower;
import dev.oltpmesh.support.security.ApiKeyGrants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Inserts in PostgREST's dialect: what is stored, what is refused before anything is, and how each is answered. */
@WebMvcTest(PostgrestInsertController.class)
@Import({PostgrestInsertControllerTest.Properties.class, SecurityConfiguration.class})
@TestPropertySource(properties = {"mesh.gateway.config-service-url=http://config", "mesh.gateway.router-url=http://router"})
class PostgrestInsertControllerTest {

    private static final String WRITER = "writer-key-0123456789abcdef0123456789";
    private static final String READER = "reader-key-0123456789abcdef0123456789";
    private static final String TX = "01a2f0c0-0000-7000-8000-000000000001";

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
    StoredRows storedRows;

    @MockitoBean
    TableLookup tables;

    /** Replaced, so that no Kafka consumer is made: this slice follows no topic. */
    @MockitoBean(name = "configFollower")
    TopicFollower<ConfigEvent> configFollower;

    @MockitoBean
    ApiKeyGrants grants;

    @BeforeEach
    void defineTrade() {
        given(grants.find(WRITER)).willReturn(Optional.of(new ApiKeyGrant("key-1", "writer", ApiRole.WRITER, Set.of())));
        given(grants.find(READER)).willReturn(Optional.of(new ApiKeyGrant("key-2", "reader", ApiRole.READER, Set.of())));
        given(tables.current("trade")).willReturn(Optional.of(new TableDefinition("trade", 1, List.of(
                new ColumnDefinition("id", ColumnType.BIGINT, false),
                new ColumnDefinition("price", ColumnType.NUMERIC, true),
                new ColumnDefinition("note", ColumnType.TEXT, true)), List.of("id"),
                new HashPlacement("id", 2, List.of("peer-1", "peer-2")))));
    }

    private ResultActions insert(String body, String... headers) throws Exception {
        var request = post("/rest/trade").header("apikey", WRITER).contentType(MediaType.APPLICATION_JSON).content(body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return mvc.perform(request);
    }

    private void commits() throws InterruptedException {
        given(acceptor.accept(anyString(), any(), any(), any())).willReturn(new TransactionAcceptor.Accepted(TX, 1, false));
        given(statuses.awaitFinal(eq(TX), any())).willReturn(Optional.of(new TxStatus(TX, TxStatus.COMMITTED, 1,
                Instant.now(), Instant.now(), List.of(), null, null, "writer")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"id\":\"abc\"}|22P02",
            "{\"id\":1,\"price\":\"1e999999\"}|22P02",
            "{\"id\":1,\"note\":\"a\\u0000b\"}|22P02",
            "{\"price\":\"1\"}|23502",
            "{\"id\":1,\"colour\":\"red\"}|PGRST204",
            "[{\"id\":1},{\"id\":\"two\"}]|22P02",
            "[{\"id\":1}, 7]|22P02",
            "{\"id\":1|PGRST100",
            "[]|PGRST100"})
    void shouldRefuseABadBodyWithPostgresCodeAndStoreNothing(String body, String code) throws Exception {
        insert(body).andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.message").isString());
        verifyNoInteractions(acceptor);
    }

    @Test
    void shouldReadOnlyTheColumnsNamedAndRefuseOneTheTableLacks() throws Exception {
        commits();
        insert("[{\"id\":1,\"colour\":\"red\"}]", "Prefer", "return=minimal")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("PGRST204"));
        mvc.perform(post("/rest/trade?columns=\"id\",\"note\"").header("apikey", WRITER)
                        .contentType(MediaType.APPLICATION_JSON).content("[{\"id\":1,\"colour\":\"red\"}]"))
                .andExpect(status().isCreated());
        mvc.perform(post("/rest/trade?columns=\"id\",\"colour\"").header("apikey", WRITER)
                        .contentType(MediaType.APPLICATION_JSON).content("[{\"id\":2}]"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("PGRST204"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PATCH", "PUT", "DELETE"})
    void shouldRefuseEveryChangeAsInsertOnly(String method) throws Exception {
        mvc.perform(request(HttpMethod.valueOf(method), "/rest/trade?id=eq.1").header("apikey", WRITER)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"note\":\"x\"}"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.code").value("PGRST117"))
                .andExpect(jsonPath("$.hint").isString());
        verifyNoInteractions(acceptor);
    }

    @Test
    void shouldRefuseAnUpsertThatWouldMergeAndStoreNothing() throws Exception {
        insert("{\"id\":1}", "Prefer", "resolution=merge-duplicates").andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.code").value("PGRST117"));
        verifyNoInteractions(acceptor);
    }

    @Test
    void shouldRefuseAConflictTargetOtherThanThePrimaryKey() throws Exception {
        mvc.perform(post("/rest/trade?on_conflict=note").header("apikey", WRITER).header("Prefer",
                        "resolution=ignore-duplicates").contentType(MediaType.APPLICATION_JSON).content("{\"id\":1}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("42P10"));
        verifyNoInteractions(acceptor);
    }

    @Test
    void shouldRefuseOneObjectForSeveralRowsBeforeStoringAnything() throws Exception {
        insert("[{\"id\":1},{\"id\":2}]", "Prefer", "return=representation",
                "Accept", "application/vnd.pgrst.object+json")
                .andExpect(status().isNotAcceptable())
                .andExpect(jsonPath("$.code").value("PGRST116"))
                .andExpect(jsonPath("$.details").value("The result contains 2 rows"));
        verifyNoInteractions(acceptor);
    }

    @Test
    void shouldRefuseAnotherSchemaAndABodyOtherThanJson() throws Exception {
        insert("{\"id\":1}", "Content-Profile", "private").andExpect(status().isNotAcceptable())
                .andExpect(jsonPath("$.code").value("PGRST106"));
        mvc.perform(post("/rest/trade").header("apikey", WRITER).contentType("text/csv").content("id\n1\n"))
                .andExpect(status().isUnsupportedMediaType()).andExpect(jsonPath("$.code").value("PGRST107"));
        verifyNoInteractions(acceptor);
    }

    @Test
    void shouldAnswer201OnceCommittedWithTheRowsAsStoredAndNumericsAsNumbers() throws Exception {
        commits();
        insert("{\"id\":7,\"price\":\"12.50\"}", "Prefer", "return=representation, count=exact")
                .andExpect(status().isCreated())
                .andExpect(header().string("Content-Range", "*/1"))
                .andExpect(content().json("[{\"id\":7,\"price\":12.50,\"note\":null}]", true));
    }

    @Test
    void shouldAnswerMinimalWithNoBodyAndHeadersOnlyWithWhereTheRowIsRead() throws Exception {
        commits();
        insert("{\"id\":7}").andExpect(status().isCreated()).andExpect(content().string(""));
        insert("{\"id\":7}", "Prefer", "return=headers-only").andExpect(status().isCreated())
                .andExpect(header().string("Location", "/trade?id=eq.7")).andExpect(content().string(""));
    }

    @Test
    void shouldAnswer202WithTheTransactionToPollWhenTheCommitOutlastsTheWait() throws Exception {
        given(acceptor.accept(anyString(), any(), any(), any())).willReturn(new TransactionAcceptor.Accepted(TX, 1, false));
        given(statuses.awaitFinal(eq(TX), any())).willReturn(Optional.empty());
        insert("{\"id\":7}").andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/v1/tx/" + TX))
                .andExpect(jsonPath("$.txId").value(TX));
    }

    @Test
    void shouldAnswer409WithUniqueViolationWhenTheTransactionFailsOnAnExistingKey() throws Exception {
        given(acceptor.accept(anyString(), any(), any(), any())).willReturn(new TransactionAcceptor.Accepted(TX, 1, false));
        given(statuses.awaitFinal(eq(TX), any())).willReturn(Optional.of(new TxStatus(TX, TxStatus.FAILED, 1,
                Instant.now(), null, List.of(), "peer-1: duplicate key value violates unique constraint \"trade_pkey\"",
                null, "writer")));
        insert("{\"id\":7}").andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("23505"));
    }

    @Test
    void shouldAnswerRefusalsOfTheSecurityChainInPostgrestShape() throws Exception {
        mvc.perform(post("/rest/trade").contentType(MediaType.APPLICATION_JSON).content("{\"id\":1}"))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("PGRST302"));
        mvc.perform(post("/rest/trade").header("apikey", "no-such-key-0123456789abcdef01234567")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"id\":1}"))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("PGRST301"));
        mvc.perform(post("/rest/trade").header("Authorization", "Bearer " + READER)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"id\":1}"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("42501"));
        verifyNoInteractions(acceptor);
    }

    @Test
    void shouldAnswerSpringsOwnRefusalsInPostgrestShape() throws Exception {
        // No reader is in this slice: Spring MVC itself refuses the GET.
        mvc.perform(get("/rest/trade").header("apikey", WRITER))
                .andExpect(status().is4xxClientError())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.code").isString())
                .andExpect(jsonPath("$.message").isString());
    }
}
