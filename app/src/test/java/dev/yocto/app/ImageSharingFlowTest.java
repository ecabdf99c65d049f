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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole story against real PostgreSQL and the emulator's S3: register, log in, upload a real
 * PNG with nothing but the returned form, confirm, and see who may see what.
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageSharingFlowTest {

    private TestBackend backend;
    private ApiClient api;
    private S3Client s3;

    @BeforeAll
    void start(AwsEmulator emulator) {
        backend = TestBackend.production(emulator);
        api = backend.api();
        s3 = TestBackend.s3(emulator);
    }

    @AfterAll
    void stop() {
        if (backend != null) {
            backend.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void uploadedImages_areVisibleByVisibility_andPrivateLinksAreSigned() throws Exception {
        String alice = api.signUp("alice", "correct horse");
        String bob = api.signUp("bob", "battery staple");
        byte[] png = TestImages.png(32, 24);

        String publicId = uploadAndConfirm(alice, "public", "", png);
        String privateId = uploadAndConfirm(alice, "private", "{\"content_type\":\"image/png\"}", png);
        assertThat(s3.headObject(b -> b.bucket(TestBackend.PRIVATE_BUCKET).key("images/" + privateId)).contentType())
                .as("declared content type stored by S3").isEqualTo("image/png");

        assertThat(s3.getObjectAsBytes(b -> b.bucket(TestBackend.PUBLIC_BUCKET).key("images/" + publicId)).asByteArray())
                .as("bytes stored in the public bucket").isEqualTo(png);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(TestBackend.PRIVATE_BUCKET).key("images/" + privateId)).asByteArray())
                .as("bytes stored in the private bucket").isEqualTo(png);

        assertThat(feedIds(api.get("/api/v1/feed/latest", alice))).as("owner's feed").containsExactly(privateId, publicId);
        assertThat(feedIds(api.get("/api/v1/feed/latest", bob))).as("other user's feed").containsExactly(publicId);
        assertThat(feedIds(api.get("/api/v1/feed/latest", null))).as("anonymous feed").containsExactly(publicId);

        String aliceId = api.get("/api/v1/users/me", alice).text("id");
        assertThat(feedIds(api.get("/api/v1/feed/by_user/" + aliceId, alice))).containsExactly(privateId, publicId);
        assertThat(feedIds(api.get("/api/v1/feed/by_user/" + aliceId, null))).containsExactly(publicId);

        Response item = api.get("/api/v1/feed/latest", null);
        JsonNode first = item.json().path("results").get(0);
        assertThat(first.path("creator").asText()).isEqualTo(aliceId);
        assertThat(first.path("public").asBoolean()).as("feed items say whether they are public").isTrue();
        assertThat(api.get("/api/v1/feed/latest", alice).json().path("results").get(0).path("public").isBoolean()).isTrue();
        assertThat(api.get("/api/v1/feed/latest", alice).json().path("results").get(0).path("public").asBoolean())
                .as("alice's newest image is the private one").isFalse();
        assertThat(Instant.parse(first.path("created_at").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(first.path("download_url").asText())
                .isEqualTo("https://" + TestBackend.PUBLIC_CDN + "/images/" + publicId);

        assertThat(api.get("/api/v1/images/media/" + privateId, bob).status()).as("private media for bob").isEqualTo(404);
        assertThat(api.get("/api/v1/images/media/" + privateId, null).status()).as("private media anonymous").isEqualTo(404);
        assertThat(api.get("/api/v1/images/media/" + publicId, bob).text("uri"))
                .isEqualTo("https://" + TestBackend.PUBLIC_CDN + "/images/" + publicId);

        String signedUrl = api.get("/api/v1/images/media/" + privateId, alice).text("uri");
        assertThat(signedUrl).startsWith("https://" + TestBackend.PRIVATE_CDN + "/images/" + privateId + "?");
        assertThat(verifiesWithPublicKey(signedUrl)).as("CloudFront canned-policy signature verifies").isTrue();
        assertThat(verifiesWithPublicKey(signedUrl.replace(privateId, publicId)))
                .as("the signature does not cover another object").isFalse();
        assertThat(api.get("/api/v1/feed/latest", alice).json().path("results").get(0).path("download_url").asText())
                .as("the owner's feed links the same signed URL").isEqualTo(signedUrl);
    }

    @Test
    void cors_allowsOnlyTheSiteOrigin() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String origin : List.of("https://yoctogram.example.test", "https://evil.example")) {
            var preflight = http.send(api.request("/api/v1/images/upload/public/generate", null)
                    .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization,content-type")
                    .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            var allowed = preflight.headers().firstValue("Access-Control-Allow-Origin");
            if (origin.contains("evil")) {
                assertThat(allowed).as("foreign origin").isEmpty();
            } else {
                assertThat(allowed).as("site origin").hasValue(origin);
                assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                        .containsIgnoringCase("authorization");
            }
        }
    }

    private String uploadAndConfirm(String token, String visibility, String body, byte[] file) {
        Response generated = api.post("/api/v1/images/upload/" + visibility + "/generate", body, token);
        assertThat(generated.status()).as(generated.body()).isEqualTo(200);
        assertThat(generated.json().path("success").asBoolean()).isTrue();
        String id = generated.text("id");
        Map<String, String> fields = new LinkedHashMap<>();
        generated.json().path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        assertThat(fields).containsKeys("key", "policy", "x-amz-signature", "x-amz-credential", "x-amz-date",
                "x-amz-algorithm");

        Response upload = api.send(MultipartForm.post(generated.text("url"), fields, "photo.png", file));
        assertThat(upload.status()).as("S3 POST upload: " + upload.body()).isBetween(200, 204);

        Response confirmed = api.post("/api/v1/images/upload/" + id + "/confirm", "", token);
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.text("content_type")).isEqualTo("image/png");
        return id;
    }

    private static List<String> feedIds(Response feed) {
        assertThat(feed.status()).as(feed.body()).isEqualTo(200);
        assertThat(feed.json().path("count").asInt()).isEqualTo(feed.json().path("results").size());
        List<String> ids = new ArrayList<>();
        feed.json().path("results").forEach(r -> ids.add(r.path("id").asText()));
        return ids;
    }

    /** Rebuilds the canned policy from the URL and checks CloudFront's SHA1withRSA signature. */
    private boolean verifiesWithPublicKey(String signedUrl) throws Exception {
        URI uri = URI.create(signedUrl);
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], kv[1]);
        }
        assertThat(query).containsEntry("Key-Pair-Id", TestBackend.KEY_PAIR_ID).containsKeys("Expires", "Signature");
        long expires = Long.parseLong(query.get("Expires"));
        assertThat(expires).isBetween(Instant.now().getEpochSecond(), Instant.now().plusSeconds(7200).getEpochSecond());
        String resource = signedUrl.substring(0, signedUrl.indexOf('?'));
        String policy = "{\"Statement\":[{\"Resource\":\"" + resource
                + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":" + expires + "}}}]}";
        byte[] signature = Base64.getDecoder().decode(
                query.get("Signature").replace('-', '+').replace('_', '=').replace('~', '/'));
        Signature verifier = Signature.getInstance("SHA1withRSA");
        verifier.initVerify(backend.cloudFrontKeys().getPublic());
        verifier.update(policy.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(signature);
    }
}
