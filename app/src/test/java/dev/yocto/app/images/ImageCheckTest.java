package dev.yocto.app.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.app.http.ApiException;
import dev.yocto.app.testing.TestImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ImageCheckTest {

    @Test
    void realImages_pass_withTheTypeTheirBytesHave() {
        BufferedImage picture = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        assertThat(ImageCheck.contentType(TestImages.png(64, 48), null)).isEqualTo("image/png");
        assertThat(ImageCheck.contentType(TestImages.encode(picture, "jpeg"), null)).isEqualTo("image/jpeg");
        assertThat(ImageCheck.contentType(TestImages.encode(picture, "gif"), "image/gif")).isEqualTo("image/gif");
        assertThat(ImageCheck.contentType(TestImages.solidPng(1000, 1000, Color.PINK), "image/png")).isEqualTo("image/png");
    }

    @Test
    void textRenamedPng_orOnlyAMagicNumber_isRefused() {
        assertRefused("just some text, saved as photo.png".getBytes(StandardCharsets.UTF_8), "not a JPEG, PNG, GIF or WebP");
        byte[] png = TestImages.png(64, 48);
        byte[] header = Arrays.copyOf(png, 12);
        assertRefused(header, "does not decode as image/png");
        byte[] magicThenHtml = concat(Arrays.copyOf(png, 8), "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
        assertRefused(magicThenHtml, "does not decode as image/png");
        assertRefused(Arrays.copyOf(png, png.length / 2), "does not decode as image/png");
        assertRefused(png, "image/jpeg", "is image/png, not the declared image/jpeg");
        byte[] webpMagic = "RIFF\0\0\0\0WEBPVP8 garbage".getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(webpMagic, "does not decode as image/webp");
    }

    /** A PNG whose header claims 100000x100000 pixels is refused before anything is decoded. */
    @Test
    void hugeDimensions_areRefused_beforeDecoding() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        assertRefused(out.toByteArray(), "too large");
        assertRefused(new byte[(int) ImageStore.MAX_UPLOAD_BYTES + 1], "larger than 10 MB");
    }

    private static void assertRefused(byte[] bytes, String detail) {
        assertRefused(bytes, null, detail);
    }

    private static void assertRefused(byte[] bytes, String declared, String detail) {
        assertThatThrownBy(() -> ImageCheck.contentType(bytes, declared)).isInstanceOf(ApiException.class)
                .hasMessageContaining(detail).satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
