package dev.yocto.app.images;

import dev.yocto.app.abuse.AbuseLimits;
import dev.yocto.app.http.ApiException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an upload into a confirmed image: reads the whole uploaded object, checks it decodes as
 * the image type it claims ({@link ImageCheck}), publishes exactly those bytes under the served
 * key with the type the server found, and marks the row so the feeds list it. Once confirmed, the
 * upload is never read again: bytes swapped into it later change nothing that is served. Used by
 * {@code confirm} and, lazily, by {@code media} for the owner.
 */
public final class UploadConfirmation {

    private final ImageRepository images;
    private final ImageStore store;
    private final AbuseLimits limits;
    /** One check per image at a time in this task, so two confirms cannot publish different bytes. */
    private final Map<UUID, Object> inProgress = new ConcurrentHashMap<>();

    public UploadConfirmation(ImageRepository images, ImageStore store, AbuseLimits limits) {
        this.images = images;
        this.store = store;
        this.limits = limits;
    }

    /** @return the image's content type; throws 400 when nothing or no acceptable image was uploaded */
    public String confirm(Image image) {
        if (image.uploaded()) {
            return image.contentType();
        }
        limits.check(image.ownerId());
        Object mine = new Object();
        if (inProgress.putIfAbsent(image.id(), mine) != null) {
            throw ApiException.busy("this upload is being checked already");
        }
        try {
            Image current = images.find(image.id()).orElseThrow(() -> ApiException.notFound("image not found"));
            if (current.uploaded()) {
                return current.contentType();
            }
            return limits.checks().run(() -> checkAndPublish(current));
        } finally {
            inProgress.remove(image.id(), mine);
        }
    }

    private String checkAndPublish(Image image) {
        byte[] bytes = store.readUpload(image)
                .orElseThrow(() -> ApiException.badRequest("nothing has been uploaded for this image"));
        String contentType = ImageCheck.contentType(bytes, image.contentType());
        store.publish(image, bytes, contentType);
        images.markUploaded(image.id(), contentType);
        return contentType;
    }

    /** Confirms when an acceptable upload is there; otherwise leaves the image as it is. */
    public void confirmIfUploaded(Image image) {
        try {
            confirm(image);
        } catch (ApiException e) {
            // Not uploaded yet, not an image, or limited: media still answers; confirm will say why.
        }
    }
}
