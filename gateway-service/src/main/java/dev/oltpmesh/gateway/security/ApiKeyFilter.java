package dev.oltpmesh.gateway.security;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.GatewayProperties.ApiKey;
import dev.oltpmesh.gateway.GatewayProperties.Role;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.gateway.web.GatewayProblemHandler;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * Every call but health and the API docs needs {@code Authorization: Bearer <api-key>}: reads need
 * the reader role, writes the writer role, administration the admin role.
 */
@Component
class ApiKeyFilter extends OncePerRequestFilter {

    static final String CLIENT_ATTRIBUTE = "mesh.client";

    private final GatewayProperties properties;
    private final JsonMapper json;

    ApiKeyFilter(GatewayProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Role needed = request.getRequestURI().startsWith("/v1/admin/") ? Role.ADMIN
                : "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()) ? Role.READER : Role.WRITER;
        String header = request.getHeader("Authorization");
        ApiKey key = header != null && header.startsWith("Bearer ") ? find(header.substring(7).trim()) : null;
        if (key == null) {
            reject(response, GatewayException.unauthenticated());
            return;
        }
        if (!key.role().includes(needed)) {
            reject(response, GatewayException.forbidden(needed.name().toLowerCase()));
            return;
        }
        request.setAttribute(CLIENT_ATTRIBUTE, key.name());
        MDC.put("client", key.name());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("client");
        }
    }

    /** Compared in constant time, so response timing does not leak a key. */
    private ApiKey find(String presented) {
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        ApiKey found = null;
        for (ApiKey key : properties.apiKeys()) {
            if (MessageDigest.isEqual(given, key.key().getBytes(StandardCharsets.UTF_8))) {
                found = key;
            }
        }
        return found;
    }

    private void reject(HttpServletResponse response, GatewayException e) throws IOException {
        response.setStatus(e.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), GatewayProblemHandler.problemOf(e));
    }
}
