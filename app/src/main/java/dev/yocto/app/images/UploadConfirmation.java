package dev.yocto.app.images;

import dev.yocto.app.http.ApiException;

/**
 * Turns an uploaded object into a confirmed image: checks what was uploaded and marks the row,
 * so the feeds list it. Used by {@code confirm} and, lazily, by {@code media} for the owner.
 */
public final class UploadConfirmation {

    private final ImageRepository images;
    private final ImageStore store;

    public UploadConfirmation(ImageRepository images, ImageStore store) {
        this.images = images;
        this.store = store;
    }

    /** @return the image's content type; throws 400 when nothing or no acceptable image was uploaded */
    public String confirm(Image image) {
        if (image.uploaded()) {
            return image.contentType();
        }
        byte[] head = store.head(image, ImageFormat.BYTES_NEEDED)
                .orElseThrow(() -> ApiException.badRequest("nothing has been uploaded for this image"));
        String contentType = ImageFormat.contentType(head)
                .orElseThrow(() -> ApiException.badRequest("uploaded file is not a JPEG, PNG, GIF or WebP image"));
        if (image.contentType() != null && !image.contentType().equals(contentType)) {
            throw ApiException.badRequest("uploaded file is " + contentType + ", not the declared " + image.contentType());
        }
        images.markUploaded(image.id(), contentType);
        return contentType;
    }

    /** Confirms when an acceptable upload is there; otherwise leaves the image as it is. */
    public void confirmIfUploaded(Image image) {
        try {
            confirm(image);
        } catch (ApiException e) {
            // Not uploaded yet, or not an image: media still answers; confirm will say why.
        }
    }
}
