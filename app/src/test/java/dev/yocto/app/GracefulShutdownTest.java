package dev.yocto.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.app.abuse.AbuseLimits;
import dev.yocto.app.auth.PasswordHasher;
import dev.yocto.app.config.AppConfig;
import dev.yocto.app.testing.ApiClient;
import dev.yocto.app.testing.EmbeddedPostgres;
import dev.yocto.app.testing.SharedPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping lets an in-flight request finish, then refuses new connections. The request is held in
 * flight by sending its body in two halves: the server is handling it (blocked reading the body)
 * until the test sends the second half, which it does only once the stop has begun.
 */
class GracefulShutdownTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void close_drainsInFlightRequest_thenRefusesNewOnes(@TempDir Path media) throws Exception {
        EmbeddedPostgres postgres = SharedPostgres.get();
        String database = postgres.createDatabase("drain_" + UUID.randomUUID().toString().replace("-", ""));
        AppConfig config = AppConfig.fromEnvironment(Map.of("PRODUCTION", "false", "PORT", "0",
                "POSTGRES_HOST", postgres.host(), "POSTGRES_PORT", Integer.toString(postgres.port()),
                "POSTGRES_USER", EmbeddedPostgres.SUPERUSER, "POSTGRES_PASSWORD", postgres.password(),
                "POSTGRES_DB", database, "SECRET_KEY", "drain-test-secret-key-of-32-bytes", "MEDIA_DIR", media.toString()));
        Application app = Application.start(config, Clock.systemUTC(), PasswordHasher.DEFAULT_COST, AbuseLimits.ratesOff());
        int port = app.port();
        assertThat(new ApiClient("http://127.0.0.1:" + port).post("/api/v1/auth/register/", ApiClient.json(Map.of(
                "username", "slow", "email", "slow@example.com", "password", "slow-password")), null).status()).isEqualTo(201);

        byte[] body = "{\"username\":\"slow\",\"password\":\"slow-password\"}".getBytes(UTF_8);
        int half = body.length / 2;
        try (Socket client = new Socket("127.0.0.1", port)) {
            OutputStream out = client.getOutputStream();
            out.write(("POST /api/v1/auth/login/ HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
            out.write(body, 0, half);
            out.flush();
            awaitTrue("the login is being handled", () -> app.requestsInFlight() == 1);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::close);
            awaitTrue("new connections are refused once the stop has begun", () -> !accepts(port));
            assertThat(stopping).as("the stop waits for the login").isNotDone();

            out.write(body, half, body.length - half);
            out.flush();
            String response = new String(client.getInputStream().readAllBytes(), UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200").contains("access_token");
            stopping.get();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    private static boolean accepts(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting until " + what).isBefore(deadline);
            Thread.sleep(10);
        }
    }
}
