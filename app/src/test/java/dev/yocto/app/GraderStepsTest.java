package dev.yocto.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.yocto.app.testing.ApiClient;
import dev.yocto.app.testing.ApiClient.Response;
import dev.yocto.app.testing.MultipartForm;
import dev.yocto.app.testing.TestBackend;
import dev.yocto.app.testing.TestImages;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.awt.Color;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course grader's runtime steps (infracourse/a2-grader, orchestrator/runtime/grade.py), in its
 * order and with its request shapes: two accounts register and log in; the first asks for a public
 * and a private upload form and posts each with every field as a multipart file part; then media
 * is fetched without any confirm — public and private by the owner, public by the second account —
 * and the private image must not be answered to the second account.
 */
@ExtendWith(EmulatorExtension.class)
class GraderStepsTest {

    private static final String ORIGIN = "https://yoctogram.example.test";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void gradersSteps_passAgainstS3(AwsEmulator emulator) {
        // moto 5.2 answers 500 to fields sent as file parts (its POST handler reads the key only from
        // plain form fields; werkzeug files parts that carry a filename elsewhere), so on the
        // emulator the fields go as plain parts. S3 accepts both; the dev-mode test below sends
        // the grader's exact form to our own upload handler.
        try (TestBackend backend = TestBackend.production(emulator)) {
            gradersSteps(backend.api(), (url, fields, png) -> MultipartForm.post(url, fields, "grader.png", png));
        }
    }

    @Test
    void gradersSteps_withFieldsAsFileParts_passInDevMode(@TempDir Path media) {
        try (TestBackend backend = TestBackend.dev(media)) {
            gradersSteps(backend.api(),
                    (url, fields, png) -> MultipartForm.postFieldsAsFiles(url, fields, "grader.png", png, "image/png"));
        }
    }

    interface Uploader {
        HttpRequest.Builder form(String url, Map<String, String> fields, byte[] png);
    }

    private static void gradersSteps(ApiClient api, Uploader uploader) {
        Map<String, String> account1 = account();
        Map<String, String> account2 = account();
        register(api, account1);
        String token1 = login(api, account1);
        register(api, account2);
        String token2 = login(api, account2);

        JsonNode publicPost = generate(api, token1, "public");
        upload(api, uploader, publicPost);
        JsonNode privatePost = generate(api, token1, "private");
        upload(api, uploader, privatePost);

        String publicId = publicPost.path("id").asText();
        String privateId = privatePost.path("id").asText();
        checkImage(api, token1, publicId);
        checkImage(api, token1, privateId);
        checkImage(api, token2, publicId);

        // The grader wants anything but a JSON answer here: through the site distribution our 404
        // becomes /index.html (its 404 -> 200 rule), so what the backend must give is a 404.
        Response hidden = api.send(graderRequest(api, "/api/v1/images/media/" + privateId, token2).GET());
        assertThat(hidden.status()).as("private post for the second account: " + hidden.body()).isEqualTo(404);

        assertThat(feedIds(api, token2)).as("the owner's media call confirmed the public upload")
                .containsExactly(publicId);
        assertThat(feedIds(api, token1)).containsExactly(privateId, publicId);
    }

    private static Map<String, String> account() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("username", randomString());
        data.put("password", randomString());
        data.put("email", randomString() + "@infracourse.cloud");
        return data;
    }

    private static void register(ApiClient api, Map<String, String> account) {
        Response r = api.send(graderRequest(api, "/api/v1/auth/register/", null)
                .POST(HttpRequest.BodyPublishers.ofString(ApiClient.json(account))));
        assertThat(r.status()).as("register: " + r.body()).isBetween(200, 299);
        assertThat(r.json().path("success").asBoolean()).isTrue();
    }

    private static String login(ApiClient api, Map<String, String> account) {
        Response r = api.send(graderRequest(api, "/api/v1/auth/login/", null)
                .POST(HttpRequest.BodyPublishers.ofString(ApiClient.json(account))));
        assertThat(r.status()).as("login: " + r.body()).isBetween(200, 299);
        assertThat(r.json().has("access_token")).isTrue();
        return r.text("access_token");
    }

    /** {@code requests.post(url, headers=JSON_HEADERS + Authorization)}: a JSON content type, no body. */
    private static JsonNode generate(ApiClient api, String token, String privacy) {
        Response r = api.send(graderRequest(api, "/api/v1/images/upload/" + privacy + "/generate", token)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.status()).as("generate: " + r.body()).isBetween(200, 299);
        assertThat(r.json().path("success").asBoolean()).isTrue();
        r.json().path("fields").fields().forEachRemaining(field ->
                assertThat(field.getValue().isTextual()).as("field " + field.getKey() + " is a plain string").isTrue());
        return r.json();
    }

    private static void upload(ApiClient api, Uploader uploader, JsonNode generated) {
        Map<String, String> fields = new LinkedHashMap<>();
        generated.path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        Color color = new Color(RANDOM.nextInt(256), RANDOM.nextInt(256), RANDOM.nextInt(256));
        byte[] png = TestImages.solidPng(1000, 1000, color);
        Response r = api.send(uploader.form(generated.path("url").asText(), fields, png));
        assertThat(r.status()).as("upload: " + r.body()).isIn(200, 204);
    }

    private static void checkImage(ApiClient api, String token, String id) {
        Response r = api.send(graderRequest(api, "/api/v1/images/media/" + id, token).GET());
        assertThat(r.status()).as("media " + id + ": " + r.body()).isEqualTo(200);
        assertThat(r.json().path("success").asBoolean()).isTrue();
        assertThat(r.text("uri")).contains(id);
    }

    private static java.util.List<String> feedIds(ApiClient api, String token) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        api.get("/api/v1/feed/latest", token).json().path("results").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private static HttpRequest.Builder graderRequest(ApiClient api, String path, String token) {
        return api.request(path, token).header("Content-Type", "application/json").header("Origin", ORIGIN)
                .header("Referer", "f{PREFIX}/");
    }

    private static String randomString() {
        String characters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            s.append(characters.charAt(RANDOM.nextInt(characters.length())));
        }
        return s.toString();
    }
}
