package dev.oltpmesh.config.transaction;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(TransactionController.class)
class TransactionControllerTest {

    private static final String HASH = "a".repeat(64);
    private static final String FIRST = "01a2f0c0-0000-7000-8000-000000000001";
    private static final String SECOND = "01a2f0c0-0000-7000-8000-000000000002";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    IdempotencyKeys keys;

    @MockitoBean
    TransactionStatuses statuses;

    @Test
    void shouldAnswerTheFirstClaimOfAKey() throws Exception {
        given(keys.claim(any())).willReturn(new KeyClaim("admin:k1", HASH, FIRST));
        mvc.perform(post("/internal/idempotency-keys").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scopedKey\":\"admin:k1\",\"requestHash\":\"" + HASH + "\",\"txId\":\"" + SECOND + "\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.txId").value(FIRST));
    }

    @Test
    void shouldRefuseAMalformedClaimWithAProblem() throws Exception {
        mvc.perform(post("/internal/idempotency-keys").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scopedKey\":\"\",\"requestHash\":\"not-hex\",\"txId\":\"x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(keys);
    }

    @Test
    void shouldSayAnUnknownOrMalformedTransactionIsNotFound() throws Exception {
        given(statuses.find(FIRST)).willReturn(Optional.empty());
        mvc.perform(get("/internal/transactions/" + FIRST)).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/internal/transactions/not-a-uuid")).andExpect(status().isNotFound());
    }
}
