package dev.yocto.resources.compute.site;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentHeadersTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "index.html|text/html; charset=utf-8",
            "assets/app-1a2b3c4d.js|text/javascript; charset=utf-8",
            "assets/worker-1a2b3c4d.mjs|text/javascript; charset=utf-8",
            "assets/style-5e6f7a8b.css|text/css; charset=utf-8",
            "manifest.json|application/json",
            "assets/app-1a2b3c4d.js.map|application/json",
            "logo.svg|image/svg+xml",
            "a.png|image/png",
            "b.jpg|image/jpeg",
            "c.JPEG|image/jpeg",
            "d.gif|image/gif",
            "e.webp|image/webp",
            "favicon.ico|image/x-icon",
            "robots.txt|text/plain; charset=utf-8",
            "sitemap.xml|application/xml",
            "site.webmanifest|application/manifest+json",
            "f.woff|font/woff",
            "f.woff2|font/woff2",
            "f.ttf|font/ttf",
            "m.wasm|application/wasm",
            "LICENSE|application/octet-stream",
            "data.bin|application/octet-stream"})
    void contentType_byExtension(String key, String type) {
        assertThat(ContentHeaders.contentType(key)).isEqualTo(type);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "index.html|no-cache",
            "about/index.html|no-cache",
            "assets/app-1a2b3c4d.js|public, max-age=31536000, immutable",
            "assets/style-5e6f7a8b.css|public, max-age=31536000, immutable",
            "assets/index-D-4Xk9_Q.js|public, max-age=31536000, immutable",
            "assets/react-vendor-BxQ3z81L.js|public, max-age=31536000, immutable",
            "assets/fonts/inter-AbCdEf12.woff2|public, max-age=31536000, immutable",
            "assets/my-controls.js|public, max-age=300",
            "assets/logo.svg|public, max-age=300",
            "assets/app-1a2b3c4.js|public, max-age=300",
            "app-1a2b3c4d.js|public, max-age=300",
            "favicon.ico|public, max-age=300",
            "robots.txt|public, max-age=300"})
    void cacheControl_indexRevalidates_hashedAssetsAreImmutable_restIsShort(String key, String cacheControl) {
        assertThat(ContentHeaders.cacheControl(key)).isEqualTo(cacheControl);
    }
}
