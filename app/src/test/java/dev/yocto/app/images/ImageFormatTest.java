package dev.yocto.app.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

    @Test
    void recognisesTheFourFormats_byTheirSignatures() {
        assertThat(ImageFormat.contentType(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1))).hasValue("image/jpeg");
        assertThat(ImageFormat.contentType(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D))).hasValue("image/png");
        assertThat(ImageFormat.contentType("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1))).hasValue("image/gif");
        assertThat(ImageFormat.contentType("GIF87a......".getBytes(StandardCharsets.ISO_8859_1))).hasValue("image/gif");
        assertThat(ImageFormat.contentType("RIFF\u0024\u0000\u0000\u0000WEBP".getBytes(StandardCharsets.ISO_8859_1))).hasValue("image/webp");
    }

    @Test
    void rejectsLookalikes_andShortInput() {
        assertThat(ImageFormat.contentType("RIFF\u0024\u0000\u0000\u0000WAVE".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(ImageFormat.contentType("<svg xmlns=".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(ImageFormat.contentType(bytes(0xFF, 0xD8))).isEmpty();
        assertThat(ImageFormat.contentType(bytes(0x89, 'P', 'N', 'G'))).isEmpty();
        assertThat(ImageFormat.contentType(new byte[0])).isEmpty();
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
