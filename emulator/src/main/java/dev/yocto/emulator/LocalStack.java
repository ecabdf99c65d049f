package dev.yocto.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * LocalStack's community runtime (PyPI {@code localstack-core} 2026.3.0, the last open-source one)
 * in the image {@code .ci/setup-localstack} builds: its name, its settings, and the two calls yocto
 * makes to LocalStack itself (health, restart).
 */
public final class LocalStack {

    /** A numeric tag: Testcontainers' LocalStackContainer reads the version from it. */
    public static final String IMAGE = "localstack/localstack:2026.3.0-local";
    public static final int PORT = 4566;
    public static final String BUILD_HINT = "build it with `sudo .ci/setup-localstack` (about 2 minutes)";

    /** Settings of the container; each has its reason. */
    public static final Map<String, String> ENVIRONMENT = Map.of(
            // no outside calls: the runtime would fetch a TLS certificate for localhost.localstack.cloud
            "SKIP_SSL_CERT_DOWNLOAD", "1",
            // no analytics events sent home
            "DISABLE_EVENTS", "1",
            // ACM (moto inside) issues DNS-validated certificates at once instead of after about 12 s
            "MOTO_ACM_VALIDATION_WAIT", "0");

    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalStack() {
    }

    /** What {@code GET /_localstack/health} says: the version and the services this runtime offers. */
    public record Health(String version, Set<String> services) {
    }

    /** The health of the LocalStack at {@code endpoint}; empty when nothing answers there or it is not LocalStack. */
    public static Optional<Health> health(URI endpoint) {
        return get(endpoint, "/_localstack/health").filter(answer -> answer.path("services").isObject())
                .map(answer -> {
                    Set<String> services = new TreeSet<>();
                    answer.get("services").fields().forEachRemaining(service -> {
                        if (!service.getValue().asText().equals("disabled")) {
                            services.add(service.getKey());
                        }
                    });
                    return new Health(answer.path("version").asText("unknown"), Set.copyOf(services));
                });
    }

    /**
     * Restarts the runtime, which starts again with no state: the community edition has no
     * state-reset endpoint ({@code POST /_localstack/state/reset} answers 404). Waits, bounded,
     * until a new session answers.
     */
    public static void restart(URI endpoint) {
        String before = sessionId(endpoint).orElseThrow(() -> new EmulatorException(
                "LocalStack at " + endpoint + " does not answer /_localstack/info"));
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/_localstack/health"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"restart\"}")).build();
        int status = send(request).map(HttpResponse::statusCode).orElse(-1);
        if (status != 200) {
            throw new EmulatorException("LocalStack at " + endpoint + " refused the restart (HTTP " + status + ")");
        }
        long deadline = System.nanoTime() + RESTART_TIMEOUT.toNanos();
        long pauseMillis = 50;
        while (System.nanoTime() < deadline) {
            Optional<String> now = sessionId(endpoint);
            if (now.isPresent() && !now.get().equals(before) && health(endpoint).isPresent()) {
                return;
            }
            pause(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 500);
        }
        throw new EmulatorException("LocalStack at " + endpoint + " did not come back within "
                + RESTART_TIMEOUT.toSeconds() + " s of a restart");
    }

    /** The runtime's session id, new after every start or restart. */
    public static Optional<String> sessionId(URI endpoint) {
        return get(endpoint, "/_localstack/info").map(info -> info.path("session_id").asText(""))
                .filter(id -> !id.isEmpty());
    }

    private static Optional<JsonNode> get(URI endpoint, String path) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(5)).GET().build();
        return send(request).filter(response -> response.statusCode() == 200).flatMap(response -> {
            try {
                return Optional.of(JSON.readTree(response.body()));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<HttpResponse<String>> send(HttpRequest request) {
        try {
            return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorException("interrupted while talking to LocalStack");
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorException("interrupted while waiting for LocalStack");
        }
    }
}
