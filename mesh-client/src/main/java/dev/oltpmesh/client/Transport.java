package dev.oltpmesh.client;

import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * HTTP to the gateway: the API key, timeouts, retries by the {@link RetryPolicy}, and every answer
 * that is not a success turned into a typed {@link MeshProblemException}.
 */
final class Transport implements AutoCloseable {

    /** A successful answer. */
    record Response(int status, HttpHeaders headers, byte[] body) {

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    /** One call; {@code replayable} when sending it twice cannot apply it twice. */
    record Call(String method, String path, byte[] body, Map<String, String> headers, Duration serverWait,
                boolean replayable) {

        static Call get(String path) {
            return new Call("GET", path, null, Map.of(), Duration.ZERO, true);
        }
    }

    private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail");

    private final HttpClient http;
    private final boolean ownsClient;
    private final String baseUrl;
    private final String authorization;
    private final Duration requestTimeout;
    private final RetryPolicy policy;
    private final Retry replayable;
    private final Retry once;

    Transport(HttpClient http, boolean ownsClient, String baseUrl, String apiKey, Duration requestTimeout,
              RetryPolicy policy) {
        this.http = http;
        this.ownsClient = ownsClient;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = apiKey == null ? null : "Bearer " + apiKey;
        this.requestTimeout = requestTimeout;
        this.policy = policy;
        this.replayable = Retry.of("mesh-replayable", config(true));
        this.once = Retry.of("mesh-once", config(false));
    }

    /** Sends the call, tried again as the policy allows; a success, or a problem as an exception. */
    Response send(Call call) {
        HttpResponse<byte[]> response = exchange(call);
        if (response.statusCode() >= 200 && response.statusCode() < 300) {
            return new Response(response.statusCode(), response.headers(), response.body());
        }
        throw problem(response.statusCode(), response.body());
    }

    /** Sends the call, tried again as the policy allows; the last answer, whatever its status. */
    HttpResponse<byte[]> exchange(Call call) {
        HttpRequest request = request(call);
        try {
            return (call.replayable() ? replayable : once)
                    .executeCheckedSupplier(() -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            throw new MeshTransportException(call.method() + " " + call.path() + " did not get an answer: " + e,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException("interrupted while calling " + call.method() + " " + call.path(), e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new MeshException(call.method() + " " + call.path() + " failed: " + e, e);
        }
    }

    private HttpRequest request(Call call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + call.path()))
                // A server-side wait (wait=committed, after=) comes on top of the answer's own time.
                .timeout(requestTimeout.plus(call.serverWait()))
                .header("Accept", "application/json, application/problem+json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        call.headers().forEach(builder::header);
        if (call.body() != null && call.headers().keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            builder.header("Content-Type", "application/json");
        }
        return builder.method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(call.body())).build();
    }

    private RetryConfig config(boolean replay) {
        return RetryConfig.<HttpResponse<byte[]>>custom()
                .maxAttempts(policy.maxAttempts())
                .retryOnException(e -> e instanceof IOException io && (replay || neverSent(io)))
                .retryOnResult(response -> retryable(response, replay))
                .intervalBiFunction((Integer attempt, Either<Throwable, HttpResponse<byte[]>> outcome) ->
                        delayMillis(attempt, outcome.isRight() ? outcome.get() : null))
                // The last answer is returned rather than an exception: it becomes its own problem.
                .failAfterMaxAttempts(false)
                .build();
    }

    /** A connection that was never made carried nothing: it can be tried again whatever it was. */
    private static boolean neverSent(IOException e) {
        return e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
    }

    private boolean retryable(HttpResponse<byte[]> response, boolean replay) {
        int status = response.statusCode();
        boolean refusedForNow = status == 429
                || replay && (status == 502 || status == 503 || status == 504
                || status == 409 && problemType(response.body()) == ProblemType.IDEMPOTENCY_KEY_IN_FLIGHT);
        return refusedForNow && retryAfter(response).map(wait -> wait.compareTo(policy.maxDelay()) <= 0)
                .orElse(true);
    }

    /** Exponential with "equal jitter": half the delay fixed, half random; at least what Retry-After asks. */
    private long delayMillis(int attempt, HttpResponse<byte[]> response) {
        long initial = policy.initialDelay().toMillis();
        long ceiling = policy.maxDelay().toMillis();
        long exponential = Math.min(ceiling, initial << Math.min(attempt - 1, 20));
        long delay = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        long asked = response == null ? 0 : retryAfter(response).map(Duration::toMillis).orElse(0L);
        return Math.max(delay, asked);
    }

    /** {@code Retry-After} in seconds or as an HTTP date. */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
            } catch (NumberFormatException notSeconds) {
                try {
                    Duration until = Duration.between(ZonedDateTime.now(),
                            ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                    return Optional.of(until.isNegative() ? Duration.ZERO : until);
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            }
        });
    }

    private static ProblemType problemType(byte[] body) {
        JsonNode problem = Json.tree(body);
        return problem != null && problem.get("type") != null ? ProblemType.of(problem.get("type").asString())
                : ProblemType.OTHER;
    }

    static MeshProblemException problem(int status, byte[] body) {
        JsonNode problem = Json.tree(body);
        URI type = null;
        String title = null;
        String detail;
        Map<String, Object> properties = new LinkedHashMap<>();
        if (problem != null && problem.isObject()) {
            type = text(problem, "type").map(URI::create).orElse(null);
            title = text(problem, "title").orElse(null);
            detail = text(problem, "detail").orElse(null);
            problem.properties().forEach(member -> {
                if (!STANDARD_MEMBERS.contains(member.getKey())) {
                    properties.put(member.getKey(), Json.convert(member.getValue(), Object.class));
                }
            });
        } else {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            detail = text.isEmpty() ? null : text.length() > 500 ? text.substring(0, 500) + "…" : text;
        }
        return switch (status) {
            case 400, 405, 413, 415, 422 -> new MeshRequestException(status, type, title, detail, properties);
            case 401, 403 -> new MeshAccessException(status, type, title, detail, properties);
            case 404 -> new MeshNotFoundException(status, type, title, detail, properties);
            case 409 -> new MeshConflictException(status, type, title, detail, properties);
            case 429, 502, 503, 504 -> new MeshUnavailableException(status, type, title, detail, properties);
            default -> new MeshProblemException(status, type, title, detail, properties);
        };
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asString());
    }

    /** One path segment or query value, percent-encoded (a space as %20, never '+'). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        if (ownsClient) {
            http.close();
        }
    }
}
