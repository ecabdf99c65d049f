package dev.yocto.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.app.testing.EmbeddedPostgres;
import dev.yocto.app.testing.SharedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar target/app.jar} as ECS runs it: env-only configuration, JSON logs, SIGTERM exits 0. */
class AppJarIT {

    private static final Path JAR = Path.of("target/app.jar").toAbsolutePath();

    @TempDir
    Path work;

    @Test
    void jar_startsFromEnvironment_logsJsonWithoutSecrets_andExitsZeroOnSigterm() throws Exception {
        EmbeddedPostgres postgres = SharedPostgres.get();
        String database = postgres.createDatabase("jar_" + UUID.randomUUID().toString().replace("-", ""));
        String secretKey = "jar-secret-" + UUID.randomUUID();
        int port = freePort();
        Path log = work.resolve("app.log");
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("PRODUCTION", "false", "PORT", Integer.toString(port),
                "POSTGRES_HOST", postgres.host(), "POSTGRES_PORT", Integer.toString(postgres.port()),
                "POSTGRES_USER", EmbeddedPostgres.SUPERUSER, "POSTGRES_PASSWORD", postgres.password(),
                "POSTGRES_DB", database, "SECRET_KEY", secretKey, "MEDIA_DIR", work.resolve("media").toString()));
        Process app = builder.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI health = URI.create("http://127.0.0.1:" + port + "/api/v1/health/");
            HttpResponse<String> answer = null;
            Instant deadline = Instant.now().plusSeconds(60);
            while (answer == null && Instant.now().isBefore(deadline) && app.isAlive()) {
                try {
                    answer = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(answer).as("health answered; log: %s", Files.readString(log)).isNotNull();
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("{\"status\":\"ok\"}");
        } finally {
            app.destroy();
        }
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(app.exitValue()).as("exit code after SIGTERM").isZero();

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        assertThat(String.join("\n", lines)).contains("received SIGTERM", "shut down")
                .doesNotContain(postgres.password()).doesNotContain(secretKey);
    }

    @Test
    void jar_withIncompleteProductionEnvironment_namesWhatIsMissing_andExits2() throws Exception {
        Path log = work.resolve("missing.log");
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("POSTGRES_") || k.startsWith("PUBLIC_")
                || k.startsWith("PRIVATE_") || k.startsWith("CLOUDFRONT_") || k.equals("SECRET_KEY") || k.equals("PRODUCTION"));
        builder.environment().put("POSTGRES_PASSWORD", "hunter2-do-not-print");
        Process app = builder.start();
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(app.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("POSTGRES_HOST is not set", "SECRET_KEY is not set",
                "CLOUDFRONT_PRIVATE_KEY is not set", "FORWARD_FACING_NAME is not set").doesNotContain("hunter2");
    }

    @Test
    void jar_withAWeakSecretKey_refusesToStart_withoutPrintingIt() throws Exception {
        Path log = work.resolve("weak-key.log");
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("PRODUCTION", "false", "POSTGRES_HOST", "127.0.0.1",
                "POSTGRES_USER", "u", "POSTGRES_PASSWORD", "p", "POSTGRES_DB", "d", "SECRET_KEY", "tiny-key-31-bytes-long-xxxxxxxx"));
        Process app = builder.start();
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(app.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("SECRET_KEY is 31 bytes; it must be at least 32")
                .doesNotContain("tiny-key");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
