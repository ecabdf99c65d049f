package dev.yocto.app.images;

import java.util.Optional;

/** Where image bytes live: S3 + CloudFront in production, a local directory in dev mode. */
public interface ImageStore {

    long MAX_UPLOAD_BYTES = 10L * 1024 * 1024;

    /** A browser-usable upload form for this image's key. {@code origin} is the API's own base URL. */
    UploadForm uploadForm(Image image, String origin);

    /** The first {@code count} bytes of the stored object, or empty if nothing was uploaded. */
    Optional<byte[]> head(Image image, int count);

    /** A URL the caller can download the image from (signed and expiring when private). */
    String downloadUrl(Image image, String origin);
}
