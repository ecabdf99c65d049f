package dev.yocto.app.images;

import java.util.Map;

/** Where to POST a multipart upload and the form fields to send before the {@code file} part. */
public record UploadForm(String url, Map<String, String> fields) {
}
