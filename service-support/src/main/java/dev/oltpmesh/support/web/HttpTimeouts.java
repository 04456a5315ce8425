package dev.oltpmesh.support.web;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;

import java.time.Duration;

/** Calls between services never wait without bound: a peer that does not answer is down. */
public final class HttpTimeouts {

    private HttpTimeouts() {
    }

    public static ClientHttpRequestFactory of(Duration connect, Duration read) {
        // Blocking I/O on the caller's thread, with kept-alive connections: a call between services is
        // one small request, and handing it to an asynchronous client's threads and back cost more on
        // a busy machine than the call itself.
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(connect);
        factory.setReadTimeout(read);
        return factory;
    }
}
