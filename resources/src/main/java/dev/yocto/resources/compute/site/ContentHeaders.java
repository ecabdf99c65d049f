package dev.yocto.resources.compute.site;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Content-Type and Cache-Control of a file of the built site, from its key.
 *
 * <p>Cache-Control:
 * <ul>
 * <li>HTML ({@code index.html}): {@code no-cache}. It names the hashed assets of one build, so browsers
 * and CloudFront must revalidate it on every load or a deploy would not show (and a stale page would
 * ask for assets that are gone).
 * <li>Vite's hashed assets ({@code assets/<name>-<8-character hash>.<ext>}): {@code public,
 * max-age=31536000, immutable}. A changed file gets a new name, so a cached copy never goes stale.
 * <li>Anything else (files copied from {@code public/} such as {@code favicon.ico}, which keep their
 * name across builds): {@code public, max-age=300}. Five minutes bounds how long a changed one
 * stays stale without fetching it again on every page view.
 * </ul>
 * A name that merely looks hashed would be cached for a year after it changes; that is why the hash
 * must be exactly eight characters of Vite's alphabet and not a plain lower-case word (Vite's
 * base64url hashes almost always have a digit, capital, {@code -} or {@code _}; when one does not,
 * the file only gets the short lifetime).
 */
final class ContentHeaders {

    static final String NO_CACHE = "no-cache";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String SHORT = "public, max-age=300";
    static final String DEFAULT_TYPE = "application/octet-stream";

    private static final Pattern HASHED_ASSET = Pattern.compile("assets/(?:.+/)?[^/]+-([A-Za-z0-9_-]{8})\\.[A-Za-z0-9]+");
    private static final Pattern PLAIN_WORD = Pattern.compile("[a-z]{8}");

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("xml", "application/xml"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("wasm", "application/wasm"));

    private ContentHeaders() {
    }

    static String contentType(String key) {
        return TYPES.getOrDefault(extension(key), DEFAULT_TYPE);
    }

    static String cacheControl(String key) {
        if (extension(key).equals("html")) {
            return NO_CACHE;
        }
        return isHashedAsset(key) ? IMMUTABLE : SHORT;
    }

    static boolean isHashedAsset(String key) {
        var matcher = HASHED_ASSET.matcher(key);
        return matcher.matches() && !PLAIN_WORD.matcher(matcher.group(1)).matches();
    }

    private static String extension(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
