package dev.yocto.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.app.config.AppConfig;
import dev.yocto.app.testing.ApiClient;
import dev.yocto.app.testing.EmbeddedPostgres;
import dev.yocto.app.testing.SharedPostgres;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping lets an in-flight request finish, then refuses new connections. */
class GracefulShutdownTest {

    /** bcrypt cost 13 makes one login take over a second here: a request that is surely in flight. */
    private static final int SLOW_COST = 13;

    @Test
    void close_drainsInFlightRequest_thenRefusesNewOnes(@TempDir Path media) throws Exception {
        EmbeddedPostgres postgres = SharedPostgres.get();
        String database = postgres.createDatabase("drain_" + UUID.randomUUID().toString().replace("-", ""));
        AppConfig config = AppConfig.fromEnvironment(Map.of("PRODUCTION", "false", "PORT", "0",
                "POSTGRES_HOST", postgres.host(), "POSTGRES_PORT", Integer.toString(postgres.port()),
                "POSTGRES_USER", EmbeddedPostgres.SUPERUSER, "POSTGRES_PASSWORD", postgres.password(),
                "POSTGRES_DB", database, "SECRET_KEY", "drain-test-secret-key-of-32-bytes", "MEDIA_DIR", media.toString()));
        Application app = Application.start(config, Clock.systemUTC(), SLOW_COST, dev.yocto.app.abuse.AbuseLimits.ratesOff());
        String base = "http://127.0.0.1:" + app.port();
        ApiClient api = new ApiClient(base);
        assertThat(api.post("/api/v1/auth/register/", ApiClient.json(Map.of("username", "slow",
                "email", "slow@example.com", "password", "slow-password")), null).status()).isEqualTo(201);

        HttpClient http = HttpClient.newHttpClient();
        // Warm the client up, so the slow request reaches the server well within the pause below.
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/health/")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login/"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"slow\",\"password\":\"slow-password\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<Instant> answeredAt = inFlight.thenApply(r -> Instant.now());
        Thread.sleep(500);
        assertThat(inFlight).as("login still running when the stop begins").isNotDone();
        Instant stopBegan = Instant.now();
        app.close();

        HttpResponse<String> response = inFlight.get();
        assertThat(answeredAt.get()).as("answered after the stop began").isAfter(stopBegan);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("access_token");
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/health/")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }
}
