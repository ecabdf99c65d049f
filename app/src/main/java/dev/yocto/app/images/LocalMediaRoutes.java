package dev.yocto.app.images;

import dev.yocto.app.http.ApiException;
import dev.yocto.app.http.Ids;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.UUID;

/** Dev mode only: the upload target and download URL that S3 and CloudFront are in production. */
public final class LocalMediaRoutes {

    private static final int MAX_FIELD_BYTES = 8 * 1024;

    private final LocalImageStore store;
    private final ImageRepository images;

    public LocalMediaRoutes(LocalImageStore store, ImageRepository images) {
        this.store = store;
        this.images = images;
    }

    public void register(Javalin app) {
        app.post("/api/v1/images/local/{id}", this::upload);
        app.get("/api/v1/images/local/{id}", this::download);
    }

    private void upload(Context ctx) {
        UUID id = Ids.parse(ctx.pathParam("id"), "image id");
        if (!ctx.isMultipartFormData()) {
            throw ApiException.badRequest("upload must be multipart/form-data");
        }
        Image image = images.find(id).orElseThrow(() -> ApiException.notFound("image not found"));
        UploadedFile file;
        try {
            if (!store.tokenAllows(field(ctx, "token"), LocalImageStore.UPLOAD, id)
                    || !image.key().equals(field(ctx, "key"))) {
                throw new ApiException(403, "upload form is invalid or expired");
            }
            file = ctx.uploadedFile("file");
        } catch (IllegalStateException e) {
            // Jetty's multipart parser refuses parts over the configured limits this way.
            throw new ApiException(413, "file must be between 1 byte and 10 MB");
        }
        if (file == null) {
            throw ApiException.badRequest("form has no 'file' part");
        }
        if (file.size() < 1 || file.size() > ImageStore.MAX_UPLOAD_BYTES) {
            throw ApiException.badRequest("file must be between 1 byte and 10 MB");
        }
        try (InputStream in = file.content()) {
            LocalImageStore.writeAtomically(store.uploadFile(id), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.status(204);
    }

    /** A form field, sent plainly or, as S3 also accepts (and Python's requests sends it), as a file part. */
    private static String field(Context ctx, String name) {
        String value = ctx.formParam(name);
        if (value != null) {
            return value;
        }
        UploadedFile part = ctx.uploadedFile(name);
        if (part == null || part.size() > MAX_FIELD_BYTES) {
            return null;
        }
        try (InputStream in = part.content()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void download(Context ctx) {
        UUID id = Ids.parse(ctx.pathParam("id"), "image id");
        Image image = images.find(id).filter(Image::uploaded)
                .orElseThrow(() -> ApiException.notFound("image not found"));
        if (!image.isPublic() && !store.tokenAllows(ctx.queryParam("token"), LocalImageStore.DOWNLOAD, id)) {
            throw ApiException.notFound("image not found");
        }
        try {
            ctx.contentType(image.contentType()).header("Cache-Control", "private, max-age=3600")
                    .header("X-Content-Type-Options", "nosniff")
                    .result(Files.newInputStream(store.file(id)));
        } catch (IOException e) {
            throw ApiException.notFound("image not found");
        }
    }
}
