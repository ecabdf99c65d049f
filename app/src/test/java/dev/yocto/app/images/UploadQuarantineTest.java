package dev.yocto.app.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.app.testing.ApiClient;
import dev.yocto.app.testing.ApiClient.Response;
import dev.yocto.app.testing.MultipartForm;
import dev.yocto.app.testing.TestBackend;
import dev.yocto.app.testing.TestImages;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Uploads land under {@code uploads/}, which no distribution serves; only bytes that decode as an
 * image are put under {@code images/} (the served key), with a content type the server chose, and
 * only once: later uploads to the still-valid form change nothing that is served.
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadQuarantineTest {

    private TestBackend backend;
    private ApiClient api;
    private S3Client s3;
    private String alice;

    @BeforeAll
    void start(AwsEmulator emulator) {
        backend = TestBackend.production(emulator);
        api = backend.api();
        s3 = TestBackend.s3(emulator);
        alice = api.signUp("alice", "alice-password");
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
    void unconfirmedUpload_isNotUnderTheServedKey_andMediaPointsAtTheServedKey() {
        Response generated = generate("private");
        String id = generated.text("id");
        assertThat(generated.json().path("fields").path("key").asText()).isEqualTo("uploads/" + id);
        assertThat(generated.json().path("fields").path("Content-Type").asText())
                .as("content type always pinned in the form").isEqualTo("application/octet-stream");
        upload(generated, "not an image at all".getBytes(StandardCharsets.UTF_8));

        assertThat(bytes(TestBackend.PRIVATE_BUCKET, "uploads/" + id)).isNotEmpty();
        assertThatThrownBy(() -> bytes(TestBackend.PRIVATE_BUCKET, "images/" + id))
                .as("nothing under the served key").isInstanceOf(NoSuchKeyException.class);
        String uri = api.get("/api/v1/images/media/" + id, alice).text("uri");
        assertThat(uri).as("media (and its lazy check, which refused the text)")
                .startsWith("https://" + TestBackend.PRIVATE_CDN + "/images/" + id + "?");
        assertThatThrownBy(() -> bytes(TestBackend.PRIVATE_BUCKET, "images/" + id)).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void nonImageRenamedPng_isRefusedAtConfirm_andNeverPublished() {
        Response generated = generate("public");
        String id = generated.text("id");
        byte[] fake = ("\u0089PNG\r\n\u001a\n<html><script>alert('free hosting')</script></html>")
                .getBytes(StandardCharsets.ISO_8859_1);
        upload(generated, fake);
        Response confirm = api.post("/api/v1/images/upload/" + id + "/confirm", "", alice);
        assertThat(confirm.status()).isEqualTo(400);
        assertThat(confirm.text("detail")).isEqualTo("uploaded file does not decode as image/png");
        assertThatThrownBy(() -> bytes(TestBackend.PUBLIC_BUCKET, "images/" + id)).isInstanceOf(NoSuchKeyException.class);
        assertThat(api.get("/api/v1/feed/latest", null).body()).doesNotContain(id);
    }

    @Test
    void bytesSwappedAfterConfirm_doNotChangeWhatIsServed() {
        Response generated = generate("public");
        String id = generated.text("id");
        byte[] original = TestImages.solidPng(40, 30, Color.ORANGE);
        upload(generated, original);
        Response confirmed = api.post("/api/v1/images/upload/" + id + "/confirm", "", alice);
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(bytes(TestBackend.PUBLIC_BUCKET, "images/" + id)).isEqualTo(original);
        assertThat(s3.headObject(b -> b.bucket(TestBackend.PUBLIC_BUCKET).key("images/" + id)).contentType())
                .as("type set by the server, not by the form").isEqualTo("image/png");

        byte[] swapped = TestImages.solidPng(40, 30, Color.BLUE);
        upload(generated, swapped);
        assertThat(bytes(TestBackend.PUBLIC_BUCKET, "uploads/" + id)).as("the form was still valid").isEqualTo(swapped);
        assertThat(api.post("/api/v1/images/upload/" + id + "/confirm", "", alice).status()).isEqualTo(200);
        api.get("/api/v1/images/media/" + id, alice);
        assertThat(bytes(TestBackend.PUBLIC_BUCKET, "images/" + id)).as("served bytes after the swap").isEqualTo(original);
    }

    @Test
    void mediaBeforeConfirm_publishesTheCheckedUpload_forTheOwnerOnly() {
        String bob = api.signUp("bob", "bob-password");
        Response generated = generate("public");
        String id = generated.text("id");
        byte[] png = TestImages.solidPng(20, 20, Color.GREEN);
        upload(generated, png);
        assertThat(api.get("/api/v1/images/media/" + id, bob).status()).isEqualTo(200);
        assertThatThrownBy(() -> bytes(TestBackend.PUBLIC_BUCKET, "images/" + id))
                .as("another user's look checks nothing").isInstanceOf(NoSuchKeyException.class);
        assertThat(api.get("/api/v1/images/media/" + id, alice).text("uri"))
                .isEqualTo("https://" + TestBackend.PUBLIC_CDN + "/images/" + id);
        assertThat(bytes(TestBackend.PUBLIC_BUCKET, "images/" + id)).isEqualTo(png);
        assertThat(api.get("/api/v1/feed/latest", bob).body()).contains(id);
    }

    private Response generate(String visibility) {
        Response generated = api.post("/api/v1/images/upload/" + visibility + "/generate", "", alice);
        assertThat(generated.status()).as(generated.body()).isEqualTo(200);
        return generated;
    }

    private void upload(Response generated, byte[] file) {
        Response upload = api.send(MultipartForm.post(generated.text("url"), fields(generated), "photo.png", file));
        assertThat(upload.status()).as(upload.body()).isBetween(200, 204);
    }

    private static Map<String, String> fields(Response generated) {
        Map<String, String> fields = new LinkedHashMap<>();
        generated.json().path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        return fields;
    }

    private byte[] bytes(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }
}
