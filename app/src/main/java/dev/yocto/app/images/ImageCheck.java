package dev.yocto.app.images;

import dev.yocto.app.http.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Whether uploaded bytes are, as a whole, an image of the type their first bytes claim: every frame
 * is decoded (subsampled, so memory stays small whatever the size), within a size and pixel bound.
 */
public final class ImageCheck {

    /** 40 megapixels: an 8000x5000 photo. Pixels are what decoding costs. */
    public static final long MAX_PIXELS = 40_000_000L;
    /** All frames together (animated GIF, WebP). */
    public static final long MAX_TOTAL_PIXELS = 200_000_000L;
    private static final int MAX_FRAMES = 500;
    /** Decoded frames are subsampled down to about this many pixels each. */
    private static final long DECODED_PIXELS = 1_000_000L;

    static {
        // No disk cache: the root filesystem may be read-only, and the bytes are in memory anyway.
        ImageIO.setUseCache(false);
    }

    private ImageCheck() {
    }

    /** @return the content type; throws 400 with the reason otherwise */
    public static String contentType(byte[] bytes, String declared) {
        if (bytes.length > ImageStore.MAX_UPLOAD_BYTES) {
            throw ApiException.badRequest("uploaded file is larger than 10 MB");
        }
        String type = ImageFormat.contentType(bytes)
                .orElseThrow(() -> ApiException.badRequest("uploaded file is not a JPEG, PNG, GIF or WebP image"));
        if (declared != null && !declared.equals(type)) {
            throw ApiException.badRequest("uploaded file is " + type + ", not the declared " + declared);
        }
        decodeAll(bytes, type);
        return type;
    }

    private static void decodeAll(byte[] bytes, String type) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(type);
        if (!readers.hasNext()) {
            throw new IllegalStateException("no image decoder for " + type);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, false, true);
            long total = 0;
            for (int frame = 0; ; frame++) {
                long pixels;
                try {
                    pixels = (long) reader.getWidth(frame) * reader.getHeight(frame);
                } catch (IndexOutOfBoundsException e) {
                    if (frame == 0) {
                        throw notAnImage(type);
                    }
                    return;
                }
                total += pixels;
                if (pixels <= 0 || pixels > MAX_PIXELS || total > MAX_TOTAL_PIXELS || frame >= MAX_FRAMES) {
                    throw ApiException.badRequest("image is too large: at most " + MAX_PIXELS / 1_000_000
                            + " megapixels per frame and " + MAX_FRAMES + " frames");
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = (int) Math.max(1, Math.ceil(Math.sqrt((double) pixels / DECODED_PIXELS)));
                param.setSourceSubsampling(step, step, 0, 0);
                reader.read(frame, param);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw notAnImage(type);
        } finally {
            reader.dispose();
        }
    }

    private static ApiException notAnImage(String type) {
        return ApiException.badRequest("uploaded file does not decode as " + type);
    }
}
