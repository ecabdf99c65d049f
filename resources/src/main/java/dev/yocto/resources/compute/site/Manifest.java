package dev.yocto.resources.compute.site;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files of the site by key, each with the MD5 of its content (hex): what the build made, or what
 * the bucket holds (a single-part upload's ETag is that MD5 with SSE-S3).
 */
record Manifest(SortedMap<String, String> md5ByKey) {

    static final String INDEX = SiteDistribution.INDEX;

    Manifest {
        md5ByKey = new TreeMap<>(md5ByKey);
    }

    static Manifest of(Map<String, String> md5ByKey) {
        return new Manifest(new TreeMap<>(md5ByKey));
    }

    int size() {
        return md5ByKey.size();
    }

    Optional<String> indexMd5() {
        return Optional.ofNullable(md5ByKey.get(INDEX));
    }

    /** A short description that differs whenever a key or a content differs: count and a digest of both. */
    String summary() {
        StringBuilder text = new StringBuilder();
        md5ByKey.forEach((key, md5) -> text.append(key).append(' ').append(md5).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return md5ByKey.size() + " files, digest " + HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What makes {@code stored} equal to this: new or changed keys to upload (index.html last), stale keys to delete. */
    Changes changesFrom(Manifest stored) {
        List<String> uploads = new ArrayList<>();
        md5ByKey.forEach((key, md5) -> {
            if (!md5.equals(stored.md5ByKey.get(key)) && !key.equals(INDEX)) {
                uploads.add(key);
            }
        });
        // Last, so that no index.html is served before the assets it names are in place.
        indexMd5().filter(md5 -> !md5.equals(stored.md5ByKey.get(INDEX))).ifPresent(md5 -> uploads.add(INDEX));
        List<String> deletions = stored.md5ByKey.keySet().stream().filter(key -> !md5ByKey.containsKey(key)).toList();
        return new Changes(uploads, deletions);
    }

    record Changes(List<String> uploads, List<String> deletions) {

        boolean uploadsIndex() {
            return uploads.contains(INDEX);
        }

        boolean isEmpty() {
            return uploads.isEmpty() && deletions.isEmpty();
        }

        String describe() {
            return uploads.size() + " to upload, " + deletions.size() + " to delete";
        }
    }
}
