package dev.oltpmesh.config.apikey;

import dev.oltpmesh.model.security.ApiKeyGrant;
import dev.oltpmesh.model.security.ApiRole;
import dev.oltpmesh.support.security.ApiKeyGrants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(ApiKeyController.class)
class ApiKeyControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ApiKeyService keys;

    @MockitoBean
    ApiKeyGrants grants;

    @BeforeEach
    void admin() {
        given(grants.find("admin-key-0123456789abcdef0123456789")).willReturn(Optional.of(new ApiKeyGrant("key-a", "admin", ApiRole.ADMIN, Set.of())));
    }

    private org.springframework.test.web.servlet.ResultActions create(String body) throws Exception {
        return mvc.perform(post("/v1/admin/keys").header("Authorization", "Bearer admin-key-0123456789abcdef0123456789")
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void shouldNameEveryFieldAKeyRequestBreaks() throws Exception {
        create("{\"name\":\"a:b\",\"role\":\"READER\",\"tables\":[null]}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.violations.length()").value(2))
                .andExpect(jsonPath("$.detail").value(containsString("name:")));
        create("{\"name\":\"x\",\"role\":\"ROOT\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("(at role)")));
        verifyNoInteractions(keys);
    }

    @Test
    void shouldTakeARoleInAnyCase() throws Exception {
        given(keys.create(any())).willReturn(new CreatedApiKey("key-1", "shop", ApiRole.WRITER, Set.of(), Instant.now(),
                "mesh_secret"));
        create("{\"name\":\"shop\",\"role\":\"writer\"}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.key").value("mesh_secret"));
        verify(keys).create(new ApiKeyRequest("shop", ApiRole.WRITER, null));
    }
}
