package dev.yocto.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.app.testing.ApiClient;
import dev.yocto.app.testing.ApiClient.Response;
import dev.yocto.app.testing.MultipartForm;
import dev.yocto.app.testing.TestBackend;
import dev.yocto.app.testing.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** PRODUCTION=false: the app stores images on local disk and serves them itself, with the same rules. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevModeTest {

    private Path media;
    private TestBackend backend;
    private ApiClient api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path mediaDir) {
        media = mediaDir;
        backend = TestBackend.dev(media);
        api = backend.api();
    }

    @AfterAll
    void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void upload_confirm_andDownload_workAgainstTheAppItself() throws Exception {
        String alice = api.signUp("alice", "alice-password");
        String bob = api.signUp("bob", "bob-password");
        byte[] png = TestImages.png(10, 10);

        Response generated = api.post("/api/v1/images/upload/private/generate", "", alice);
        String id = generated.text("id");
        assertThat(generated.text("url")).isEqualTo(api.base() + "/api/v1/images/local/" + id);
        Map<String, String> fields = fields(generated);

        Map<String, String> tampered = new LinkedHashMap<>(fields);
        tampered.put("token", fields.get("token") + "x");
        assertThat(api.send(MultipartForm.post(generated.text("url"), tampered, "a.png", png)).status())
                .as("upload with a forged token").isEqualTo(403);
        assertThat(api.send(MultipartForm.post(generated.text("url"), fields, "a.png", png)).status()).isEqualTo(204);
        assertThat(Files.readAllBytes(media.resolve("uploads").resolve(id))).as("the upload, in quarantine").isEqualTo(png);
        assertThat(media.resolve(id)).as("nothing served before confirm").doesNotExist();

        assertThat(api.post("/api/v1/images/upload/" + id + "/confirm", "", alice).text("content_type")).isEqualTo("image/png");
        assertThat(Files.readAllBytes(media.resolve(id))).as("the checked bytes, published").isEqualTo(png);
        String uri = api.get("/api/v1/images/media/" + id, alice).text("uri");
        assertThat(uri).contains("token=");
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(java.net.URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(download.body()).isEqualTo(png);

        String unsigned = uri.substring(0, uri.indexOf('?'));
        assertThat(api.get(unsigned, null).status()).as("private file without its token").isEqualTo(404);
        assertThat(api.get("/api/v1/images/media/" + id, bob).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/feed/latest", alice).json().path("count").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/feed/latest", bob).json().path("count").asInt()).isZero();
    }

    @Test
    void nonImageUploads_areRefusedAtConfirm() {
        String carol = api.signUp("carol", "carol-password");
        Response generated = api.post("/api/v1/images/upload/public/generate", "", carol);
        String id = generated.text("id");
        api.send(MultipartForm.post(generated.text("url"), fields(generated), "x.txt", "plain text".getBytes()));
        Response confirm = api.post("/api/v1/images/upload/" + id + "/confirm", "", carol);
        assertThat(confirm.status()).isEqualTo(400);
        assertThat(api.get("/api/v1/images/local/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void oversizedUploads_areRefusedWithJson() {
        String dave = api.signUp("dave", "dave-password");
        Response generated = api.post("/api/v1/images/upload/public/generate", "", dave);
        byte[] eleven = new byte[11 * 1024 * 1024];
        eleven[0] = (byte) 0x89;
        Response upload = api.send(MultipartForm.post(generated.text("url"), fields(generated), "big.png", eleven));
        assertThat(upload.status()).as(upload.body()).isBetween(400, 499);
        assertThat(upload.json().path("success").asBoolean(true)).isFalse();
        Response empty = api.send(MultipartForm.post(generated.text("url"), fields(generated), "empty.png", new byte[0]));
        assertThat(empty.status()).as(empty.body()).isEqualTo(400);
        assertThat(Files.exists(media.resolve("uploads").resolve(generated.text("id")))).isFalse();
    }

    private static Map<String, String> fields(Response generated) {
        Map<String, String> fields = new LinkedHashMap<>();
        generated.json().path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        return fields;
    }
}
