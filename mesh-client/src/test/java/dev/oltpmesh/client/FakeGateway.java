package dev.oltpmesh.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/** The JDK's HTTP server playing the gateway: answers as scripted, and records what it was sent. */
final class FakeGateway implements AutoCloseable {

    record Answer(int status, String contentType, String body, Map<String, String> headers) {
    }

    record Received(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase());
        }

        /** The query's parameters, decoded as a servlet container decodes them, in order. */
        List<Map.Entry<String, String>> params() {
            List<Map.Entry<String, String>> params = new ArrayList<>();
            if (rawQuery != null) {
                for (String pair : rawQuery.split("&")) {
                    int eq = pair.indexOf('=');
                    params.add(Map.entry(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
                }
            }
            return params;
        }

        String param(String name) {
            return params().stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst()
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    MeshClient client() {
        return client(new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(20)));
    }

    MeshClient client(RetryPolicy policy) {
        return MeshClient.builder().baseUrl(url()).apiKey("secret-key").retryPolicy(policy).build();
    }

    FakeGateway json(int status, String body) {
        return answer(new Answer(status, "application/json", body, Map.of()));
    }

    FakeGateway problem(int status, String type, String detail) {
        return problem(status, type, detail, Map.of());
    }

    FakeGateway problem(int status, String type, String detail, Map<String, String> headers) {
        return answer(new Answer(status, "application/problem+json", "{\"type\":\"https://oltp-mesh.dev/problems/"
                + type + "\",\"title\":\"Refused\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}", headers));
    }

    FakeGateway answer(Answer answer) {
        script.add(answer);
        return this;
    }

    List<Received> received() {
        return received;
    }

    private void answer(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, exchange.getRequestBody().readAllBytes()));
        Answer answer = script.poll();
        if (answer == null) {
            answer = new Answer(500, "text/plain", "the test scripted no answer for this request", Map.of());
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        answer.headers().forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
