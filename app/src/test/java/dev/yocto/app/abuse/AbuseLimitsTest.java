package dev.yocto.app.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.app.testing.ApiClient;
import dev.yocto.app.testing.ApiClient.Response;
import dev.yocto.app.testing.TestBackend;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enforced limits against the real backend and PostgreSQL: bursts get 429/503, health keeps answering. */
class AbuseLimitsTest {

    private static String login(String username) {
        return ApiClient.json(Map.of("username", username, "password", "wrong password"));
    }

    private static String registration(String username) {
        return ApiClient.json(Map.of("username", username, "email", username + "@example.com", "password", "long enough"));
    }

    private static void limited(Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.text("detail")).contains(detail);
    }

    @Test
    void loginBursts_areLimitedPerUsername_andPerAddress_withRetryAfter(@TempDir Path media) throws Exception {
        try (TestBackend backend = TestBackend.dev(media, TestBackend.TEST_PASSWORD_COST, AbuseLimits.enforced(Clock.systemUTC()))) {
            ApiClient api = backend.api();
            for (int i = 0; i < AbuseLimits.LOGIN_PER_USERNAME.burst(); i++) {
                assertThat(api.post("/api/v1/auth/login/", login("Victim"), null).status()).isEqualTo(401);
            }
            HttpResponse<String> refused = HttpClient.newHttpClient().send(api.request("/api/v1/auth/login/", null)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(login("victim"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as("same username, other case").isEqualTo(429);
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, AbuseLimits.LOGIN_PER_USERNAME.refillEvery().toSeconds());
            assertThat(refused.body()).contains("too many login attempts for this username");

            int left = AbuseLimits.LOGIN_PER_ADDRESS.burst() - AbuseLimits.LOGIN_PER_USERNAME.burst() - 1;
            for (int i = 0; i < left; i++) {
                assertThat(api.post("/api/v1/auth/login/", login("user" + i), null).status()).isEqualTo(401);
            }
            limited(api.post("/api/v1/auth/login/", login("someone-new"), null), "from this address");
            assertThat(api.get("/api/v1/health/", null).status()).isEqualTo(200);
        }
    }

    @Test
    void registrationBursts_andUploadForms_areLimited(@TempDir Path media) {
        try (TestBackend backend = TestBackend.dev(media, TestBackend.TEST_PASSWORD_COST, AbuseLimits.enforced(Clock.systemUTC()),
                Map.of("TRUSTED_PROXY_HOPS", "1"))) {
            ApiClient api = backend.api();
            for (int i = 0; i < AbuseLimits.REGISTER_PER_USERNAME.burst(); i++) {
                Response r = api.send(api.request("/api/v1/auth/register/", null).header("Content-Type", "application/json")
                        .header("X-Forwarded-For", "192.0.2." + (i + 1))
                        .POST(HttpRequest.BodyPublishers.ofString(registration(i == 0 ? "wanted" : "WANTED"))));
                assertThat(r.status()).as(r.body()).isIn(201, 400);
            }
            limited(api.send(api.request("/api/v1/auth/register/", null).header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "192.0.2.200")
                    .POST(HttpRequest.BodyPublishers.ofString(registration("Wanted")))), "registrations for this username");
            for (int i = 0; i < AbuseLimits.REGISTER_PER_ADDRESS.burst(); i++) {
                assertThat(api.post("/api/v1/auth/register/", registration("user" + i), null).status()).isEqualTo(201);
            }
            limited(api.post("/api/v1/auth/register/", registration("one-more"), null), "registrations from this address");
            assertThat(backend.count("users")).isEqualTo(AbuseLimits.REGISTER_PER_ADDRESS.burst() + 1);

            String token = api.login("user0", "long enough");
            for (int i = 0; i < AbuseLimits.UPLOADS_PER_USER.burst(); i++) {
                assertThat(api.post("/api/v1/images/upload/public/generate", "", token).status()).isEqualTo(200);
            }
            limited(api.post("/api/v1/images/upload/public/generate", "", token), "upload quota");
            assertThat(backend.count("images")).isEqualTo(AbuseLimits.UPLOADS_PER_USER.burst());
            assertThat(api.post("/api/v1/images/upload/public/generate", "", api.login("user1", "long enough")).status())
                    .as("another user's quota").isEqualTo(200);
        }
    }

    /**
     * Behind CloudFront and the ALB the client is the second address from the right: what a client
     * writes further left cannot buy it a fresh bucket.
     */
    @Test
    void clientAddress_isTakenFromTheTrustedHops_only(@TempDir Path media) {
        try (TestBackend backend = TestBackend.dev(media, TestBackend.TEST_PASSWORD_COST,
                AbuseLimits.enforced(Clock.systemUTC()), Map.of("TRUSTED_PROXY_HOPS", "2"))) {
            ApiClient api = backend.api();
            for (int i = 0; i < AbuseLimits.REGISTER_PER_ADDRESS.burst(); i++) {
                Response r = api.send(api.request("/api/v1/auth/register/", null).header("Content-Type", "application/json")
                        .header("X-Forwarded-For", "10.9.9." + i + ", 198.51.100.7, 130.176.0.1")
                        .POST(HttpRequest.BodyPublishers.ofString(registration("spoof" + i))));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
            }
            limited(api.send(api.request("/api/v1/auth/register/", null).header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "203.0.113.99, 198.51.100.7, 130.176.0.2")
                    .POST(HttpRequest.BodyPublishers.ofString(registration("spoof-more")))), "from this address");
            Response otherViewer = api.send(api.request("/api/v1/auth/register/", null).header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "198.51.100.8, 130.176.0.1")
                    .POST(HttpRequest.BodyPublishers.ofString(registration("other-viewer"))));
            assertThat(otherViewer.status()).as("another viewer behind the same edge").isEqualTo(201);
        }
    }

    /**
     * bcrypt at cost 10 (~0.1-0.3 s here) from many connections at once: beyond one hash per CPU the
     * answer is 503 at once, and the health check answers throughout.
     */
    @Test
    void saturatedHashing_answers503_whileHealthKeepsAnswering(@TempDir Path media) throws Exception {
        try (TestBackend backend = TestBackend.dev(media, 10, AbuseLimits.enforced(Clock.systemUTC()))) {
            ApiClient api = backend.api();
            HttpClient http = HttpClient.newHttpClient();
            int burst = Math.min(AbuseLimits.LOGIN_PER_ADDRESS.burst(), 4 * Runtime.getRuntime().availableProcessors() + 4);
            CompletableFuture<HttpResponse<String>> firstBusy = new CompletableFuture<>();
            List<CompletableFuture<HttpResponse<String>>> logins = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                logins.add(http.sendAsync(api.request("/api/v1/auth/login/", null).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(login("nobody" + i))).build(),
                        HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                            if (r != null && r.statusCode() == 503) {
                                firstBusy.complete(r);
                            }
                        }));
            }
            HttpResponse<String> busy = firstBusy.get(30, TimeUnit.SECONDS);
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(busy.body()).contains("busy");

            long started = System.nanoTime();
            HttpResponse<String> health = http.send(api.request("/api/v1/health/", null).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long healthMillis = (System.nanoTime() - started) / 1_000_000;
            boolean stillHashing = logins.stream().anyMatch(f -> !f.isDone());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(healthMillis).as("health answered in ms while hashing").isLessThan(1000);

            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> login : logins) {
                statuses.add(login.get(60, TimeUnit.SECONDS).statusCode());
            }
            assertThat(statuses).containsOnly(401, 503).contains(401, 503);
            assertThat(statuses.stream().filter(s -> s == 401).count()).as("hashes that ran")
                    .isLessThan(burst);
            assertThat(stillHashing || statuses.contains(503)).isTrue();
        }
    }

    @Test
    void authAndOwnAccountAnswers_areNotStored_byAnyCache(@TempDir Path media) {
        try (TestBackend backend = TestBackend.dev(media)) {
            ApiClient api = backend.api();
            HttpClient http = HttpClient.newHttpClient();
            String token = api.signUp("carol", "carol-password");
            for (HttpRequest request : List.of(
                    api.request("/api/v1/users/me", token).GET().build(),
                    api.request("/api/v1/auth/login/", null).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(ApiClient.json(Map.of("username", "carol", "password", "carol-password")))).build(),
                    api.request("/api/v1/auth/login/", null).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(login("carol"))).build(),
                    api.request("/api/v1/auth/register/", null).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(registration("dave"))).build())) {
                HttpResponse<String> response = send(http, request);
                assertThat(response.headers().firstValue("Cache-Control")).as(request.uri() + " " + response.statusCode())
                        .hasValue("no-store");
            }
            assertThat(send(http, api.request("/api/v1/feed/latest", null).GET().build()).headers().firstValue("Cache-Control"))
                    .as("public answers may be cached").isEmpty();
        }
    }

    /** A taken email and a new account get the same answer, byte for byte; only a taken username is refused. */
    @Test
    void registration_doesNotRevealWhichEmailsHaveAccounts(@TempDir Path media) {
        try (TestBackend backend = TestBackend.dev(media)) {
            ApiClient api = backend.api();
            Response first = api.post("/api/v1/auth/register/", ApiClient.json(Map.of("username", "erin",
                    "email", "erin@example.com", "password", "long enough")), null);
            Response sameEmail = api.post("/api/v1/auth/register/", ApiClient.json(Map.of("username", "mallory",
                    "email", "ERIN@example.com", "password", "long enough")), null);
            Response fresh = api.post("/api/v1/auth/register/", ApiClient.json(Map.of("username", "frank",
                    "email", "frank@example.com", "password", "long enough")), null);
            assertThat(List.of(first, sameEmail, fresh)).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(201);
                assertThat(r.body()).isEqualTo("{\"success\":true}");
            });
            assertThat(backend.count("users")).as("the taken email made no account").isEqualTo(2);
            assertThat(api.post("/api/v1/auth/login/", ApiClient.json(Map.of("username", "mallory", "password", "long enough")),
                    null).status()).isEqualTo(401);
            Response takenName = api.post("/api/v1/auth/register/", ApiClient.json(Map.of("username", "Erin",
                    "email", "other@example.com", "password", "long enough")), null);
            assertThat(takenName.status()).isEqualTo(400);
            assertThat(takenName.text("detail")).isEqualTo("username is already taken");
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
