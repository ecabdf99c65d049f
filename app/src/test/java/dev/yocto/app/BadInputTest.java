package dev.yocto.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.yocto.app.testing.ApiClient;
import dev.yocto.app.testing.ApiClient.Response;
import dev.yocto.app.testing.MultipartForm;
import dev.yocto.app.testing.TestBackend;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whatever a client sends wrong gets a clear 4xx {@code {"success":false,"detail":...}}, never a
 * 5xx, and leaves the database exactly as it was.
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private TestBackend backend;
    private ApiClient api;
    private String alice;
    private String bob;
    private String aliceImage;
    private String before;

    @BeforeAll
    void start(AwsEmulator emulator) {
        backend = TestBackend.production(emulator);
        api = backend.api();
        alice = api.signUp("alice", "alice-password");
        bob = api.signUp("bob", "bob-password");
        aliceImage = api.post("/api/v1/images/upload/private/generate", "", alice).text("id");
    }

    @AfterAll
    void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    @BeforeEach
    void rememberDatabase() {
        before = fingerprint();
    }

    @AfterEach
    void databaseIsUnchanged() {
        assertThat(fingerprint()).as("database after rejected requests").isEqualTo(before);
    }

    @Test
    void malformedJson_missingFields_wrongTypes_areRejected() {
        rejected(api.post("/api/v1/auth/register/", "{\"username\": \"carol\",", null), 400, "not valid JSON");
        rejected(api.post("/api/v1/auth/register/", "", null), 400, "JSON object");
        rejected(api.post("/api/v1/auth/register/", "[1,2]", null), 400, "JSON object");
        rejected(api.post("/api/v1/auth/register/", "null", null), 400, "JSON object");
        rejected(api.post("/api/v1/auth/register/", "{\"username\":\"carol\",\"password\":\"long enough\"}", null), 400, "'email'");
        rejected(api.post("/api/v1/auth/register/", "{\"username\":42,\"email\":\"c@x.io\",\"password\":\"long enough\"}", null), 400, "must be a string");
        rejected(api.post("/api/v1/auth/login/", "{\"username\":\"alice\"}", null), 400, "'password'");
        rejected(api.post("/api/v1/auth/login/", "{\"username\":[\"alice\"],\"password\":\"x\"}", null), 400, "must be a string");
        rejected(api.put("/api/v1/users/me", "{\"bio\": {\"nested\": true}}", alice), 400, "must be a string");
        rejected(api.put("/api/v1/users/me", "{}", alice), 400, "'bio'");
        rejected(api.put("/api/v1/users/me", "not json", alice), 400, "not valid JSON");
    }

    @Test
    void hugeBodies_areRejected() {
        String huge = "{\"username\":\"carol\",\"email\":\"c@x.io\",\"password\":\"" + "p".repeat(200_000) + "\"}";
        rejected(api.post("/api/v1/auth/register/", huge, null), 413, "too large");
        rejected(api.put("/api/v1/users/me", ApiClient.json(Map.of("bio", "b".repeat(501))), alice), 400, "at most 500");
        rejected(api.post("/api/v1/auth/register/", register("carol", "c@x.io", "p".repeat(73)), null), 400, "72 bytes");
    }

    @Test
    void invalidRegistrations_areRejected() {
        rejected(api.post("/api/v1/auth/register/", register("al", "a2@x.io", "long enough"), null), 400, "username");
        rejected(api.post("/api/v1/auth/register/", register("ålice", "a2@x.io", "long enough"), null), 400, "username");
        rejected(api.post("/api/v1/auth/register/", register("ali\uD83D\uDE00ce", "a2@x.io", "long enough"), null), 400, "username");
        rejected(api.post("/api/v1/auth/register/", register("carol", "not-an-email", "long enough"), null), 400, "email");
        rejected(api.post("/api/v1/auth/register/", register("carol", "c@x.io", "short"), null), 400, "at least 8");
        rejected(api.post("/api/v1/auth/register/", register("carol", "c@x.io", "        "), null), 400, "blank");
        rejected(api.post("/api/v1/auth/register/", register("ALICE", "new@x.io", "long enough"), null), 400, "already taken");
        // A taken email is answered like a new account (and stores nothing: the fingerprint check after each test).
        Response takenEmail = api.post("/api/v1/auth/register/", register("carol", "Alice@Example.com", "long enough"), null);
        assertThat(takenEmail.status()).as(takenEmail.body()).isEqualTo(201);
        assertThat(takenEmail.body()).isEqualTo("{\"success\":true}");
    }

    @Test
    void sqlMetacharacters_areJustText() {
        rejected(api.post("/api/v1/auth/register/", register("x'; DROP TABLE users;--", "d@x.io", "long enough"), null), 400, "username");
        rejected(api.post("/api/v1/auth/login/", login("' OR '1'='1", "' OR '1'='1"), null), 401, "incorrect");
        rejected(api.post("/api/v1/auth/login/", login("alice' --", "anything at all"), null), 401, "incorrect");
        rejected(api.get("/api/v1/feed/latest?before=2020-01-01T00:00:00Z'%20OR%201=1--", null), 400, "ISO-8601");
        assertThat(backend.count("users")).isEqualTo(2);
    }

    @Test
    void wrongPasswords_andBadTokens_areUnauthorized() {
        rejected(api.post("/api/v1/auth/login/", login("alice", "wrong-password"), null), 401, "incorrect");
        rejected(api.post("/api/v1/auth/login/", login("nobody-here", "alice-password"), null), 401, "incorrect");
        rejected(api.post("/api/v1/auth/login/", login("alice", "ü".repeat(100)), null), 401, "incorrect");
        rejected(api.post("/api/v1/auth/login/", login("a".repeat(10_000), "x"), null), 401, "incorrect");
        rejected(api.get("/api/v1/users/me", null), 401, "not authenticated");
        rejected(api.get("/api/v1/users/me", "not.a.jwt"), 401, "invalid or expired");
        String aliceId = api.get("/api/v1/users/me", alice).text("id");
        String forged = JWT.create().withIssuer("yoctogram").withSubject(aliceId)
                .withExpiresAt(Instant.now().plusSeconds(3600)).sign(Algorithm.HMAC256("someone else's key"));
        rejected(api.get("/api/v1/users/me", forged), 401, "invalid or expired");
        String expired = JWT.create().withIssuer("yoctogram").withSubject(aliceId)
                .withIssuedAt(Instant.now().minusSeconds(9 * 86400)).withExpiresAt(Instant.now().minusSeconds(86400))
                .sign(Algorithm.HMAC256(backend.secretKey()));
        rejected(api.get("/api/v1/users/me", expired), 401, "invalid or expired");
        String unsigned = JWT.create().withIssuer("yoctogram").withSubject(aliceId)
                .withExpiresAt(Instant.now().plusSeconds(3600)).sign(Algorithm.none());
        rejected(api.get("/api/v1/users/me", unsigned), 401, "invalid or expired");
        rejected(api.send(api.request("/api/v1/users/me", null).header("Authorization", "Basic YWxpY2U6eA==").GET()),
                401, "Bearer");
        rejected(api.post("/api/v1/images/upload/public/generate", "", expired), 401, "invalid or expired");
        rejected(api.get("/api/v1/feed/latest", forged), 401, "invalid or expired");
    }

    @Test
    void otherUsersImages_andNonUuidIds_areNotFoundOrBadRequest() {
        rejected(api.post("/api/v1/images/upload/" + aliceImage + "/confirm", "", bob), 404, "not found");
        rejected(api.get("/api/v1/images/media/" + aliceImage, bob), 404, "not found");
        assertThat(api.get("/api/v1/images/media/" + aliceImage, alice).status())
                .as("the owner gets media before anything is uploaded (DESIGN §7)").isEqualTo(200);
        rejected(api.post("/api/v1/images/upload/not-a-uuid/confirm", "", alice), 400, "UUID");
        rejected(api.get("/api/v1/images/media/123", null), 400, "UUID");
        rejected(api.get("/api/v1/images/media/00000000-0000-0000-0000-00000000000g", null), 400, "UUID");
        rejected(api.get("/api/v1/users/profile/%27%20OR%201%3D1", null), 400, "UUID");
        rejected(api.get("/api/v1/users/profile/0b6f1b8e-6a3c-4f7e-9d0a-2c1e5f4b3a21", null), 404, "user not found");
        rejected(api.get("/api/v1/feed/by_user/zzz", null), 400, "UUID");
        rejected(api.get("/api/v1/feed/latest?after=yesterday", null), 400, "ISO-8601");
        rejected(api.post("/api/v1/images/upload/secret/generate", "", alice), 400, "visibility");
        rejected(api.post("/api/v1/images/upload/public/generate", "{\"content_type\":\"text/html\"}", alice), 400, "content_type");
        rejected(api.post("/api/v1/images/upload/public/generate", "{\"content_type\":7}", alice), 400, "must be a string");
        rejected(api.post("/api/v1/images/upload/public/generate", "{oops", alice), 400, "not valid JSON");
        rejected(api.get("/api/v1/no/such/route", null), 404, "not found");
    }

    @Test
    void confirm_beforeUpload_orOfANonImage_isRejected() {
        rejected(api.post("/api/v1/images/upload/" + aliceImage + "/confirm", "", alice), 400, "nothing has been uploaded");

        Response generated = api.post("/api/v1/images/upload/public/generate", "", bob);
        String id = generated.text("id");
        Map<String, String> fields = new LinkedHashMap<>();
        generated.json().path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        Response upload = api.send(MultipartForm.post(generated.text("url"), fields, "notes.txt",
                "this is text, not a picture".getBytes(StandardCharsets.UTF_8)));
        assertThat(upload.status()).isBetween(200, 204);
        before = fingerprint();

        rejected(api.post("/api/v1/images/upload/" + id + "/confirm", "", bob), 400, "not a JPEG, PNG, GIF or WebP");
        assertThat(api.get("/api/v1/images/media/" + id, bob).status())
                .as("media answers for the record; its lazy confirm refuses the text").isEqualTo(200);
        assertThat(api.get("/api/v1/feed/latest", bob).json().path("count").asInt()).isZero();
    }

    @Test
    void confirm_ofAnImageOtherThanDeclared_isRejected() {
        Response generated = api.post("/api/v1/images/upload/private/generate", "{\"content_type\":\"image/jpeg\"}", bob);
        Map<String, String> fields = new LinkedHashMap<>();
        generated.json().path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        assertThat(fields).containsEntry("Content-Type", "image/jpeg");
        Response upload = api.send(MultipartForm.post(generated.text("url"), fields, "x.png", dev.yocto.app.testing.TestImages.png(4, 4)));
        assertThat(upload.status()).isBetween(200, 204);
        before = fingerprint();
        rejected(api.post("/api/v1/images/upload/" + generated.text("id") + "/confirm", "", bob), 400,
                "is image/png, not the declared image/jpeg");
    }

    @Test
    void unicodeAndQuotes_inBio_roundTripUnchanged() {
        String bio = "Grüße aus Zürich — 東京 \uD83D\uDCF7 it's \"quoted\"; DROP TABLE users; --";
        Response updated = api.put("/api/v1/users/me", ApiClient.json(Map.of("bio", bio)), bob);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.text("bio")).isEqualTo(bio);
        String bobId = updated.text("id");
        assertThat(api.get("/api/v1/users/profile/" + bobId, null).text("bio")).isEqualTo(bio);
        before = fingerprint();
        rejected(api.put("/api/v1/users/me", ApiClient.json(Map.of("bio", "nul\u0000byte")), bob), 400, "NUL");
    }

    private static String register(String username, String email, String password) {
        return ApiClient.json(Map.of("username", username, "email", email, "password", password));
    }

    private static String login(String username, String password) {
        return ApiClient.json(Map.of("username", username, "password", password));
    }

    private static void rejected(Response response, int status, String detailContains) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().path("success").isBoolean()).as(response.body()).isTrue();
        assertThat(response.json().path("success").asBoolean()).isFalse();
        assertThat(response.text("detail")).containsIgnoringCase(detailContains);
    }

    /** Every row of both tables, hashed: any change by a rejected request shows. */
    private String fingerprint() {
        try (Connection c = backend.db(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT md5(coalesce((SELECT string_agg(u::text, '|' ORDER BY id) FROM users u), '')"
                     + " || coalesce((SELECT string_agg(i::text, '|' ORDER BY id) FROM images i), ''))")) {
            r.next();
            return r.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
