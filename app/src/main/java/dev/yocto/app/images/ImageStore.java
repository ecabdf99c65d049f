package dev.yocto.app.images;

import java.util.Optional;

/**
 * Where image bytes live: S3 + CloudFront in production, a local directory in dev mode. Uploads go
 * to a quarantine location that is never served; only bytes that passed the check are published.
 */
public interface ImageStore {

    long MAX_UPLOAD_BYTES = 10L * 1024 * 1024;

    /** A browser-usable upload form for this image's upload key. {@code origin} is the API's own base URL. */
    UploadForm uploadForm(Image image, String origin);

    /**
     * The uploaded, unchecked object, or empty if nothing was uploaded. Reads at most
     * {@code MAX_UPLOAD_BYTES + 1} bytes, so a longer object shows as too long.
     */
    Optional<byte[]> readUpload(Image image);

    /** Stores checked bytes where the image is served from, with a content type the server chose. */
    void publish(Image image, byte[] bytes, String contentType);

    /** A URL the caller can download the image from (signed and expiring when private). */
    String downloadUrl(Image image, String origin);
}
