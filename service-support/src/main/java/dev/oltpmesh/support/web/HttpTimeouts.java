package dev.oltpmesh.support.web;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

import java.net.http.HttpClient;
import java.time.Duration;

/** Calls between services never wait without bound: a peer that does not answer is down. */
public final class HttpTimeouts {

    private HttpTimeouts() {
    }

    public static ClientHttpRequestFactory of(Duration connect, Duration read) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(connect).build());
        factory.setReadTimeout(read);
        return factory;
    }
}
