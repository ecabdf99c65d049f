package dev.yocto.app.images;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Dev mode ({@code PRODUCTION=false}): images in a local directory, uploaded to and served by the
 * app itself, with short-lived signed tokens standing in for the S3 policy and CloudFront signature.
 */
public final class LocalImageStore implements ImageStore {

    static final String UPLOAD = "dev-upload";
    static final String DOWNLOAD = "dev-download";
    private static final String UPLOADS = "uploads";

    private final Path directory;
    private final Algorithm algorithm;
    private final Clock clock;

    public LocalImageStore(Path directory, String secretKey, Clock clock) {
        this.directory = directory;
        this.algorithm = Algorithm.HMAC256("local-media:" + secretKey);
        this.clock = clock;
        try {
            Files.createDirectories(directory.resolve(UPLOADS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create MEDIA_DIR " + directory, e);
        }
    }

    @Override
    public UploadForm uploadForm(Image image, String origin) {
        String url = origin + "/api/v1/images/local/" + image.id();
        return new UploadForm(url, Map.of("key", image.key(), "token", token(UPLOAD, image.id(), S3ImageStore.UPLOAD_WINDOW)));
    }

    @Override
    public Optional<byte[]> readUpload(Image image) {
        Path file = uploadFile(image.id());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(in.readNBytes((int) MAX_UPLOAD_BYTES + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void publish(Image image, byte[] bytes, String contentType) {
        writeAtomically(file(image.id()), bytes);
    }

    /** Replaces {@code target} in one step, so no reader sees half a file. */
    static void writeAtomically(Path target, byte[] bytes) {
        try {
            Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String downloadUrl(Image image, String origin) {
        String url = origin + "/api/v1/images/local/" + image.id();
        return image.isPublic() ? url : url + "?token=" + token(DOWNLOAD, image.id(), S3ImageStore.PRIVATE_LINK_LIFETIME);
    }

    boolean tokenAllows(String token, String purpose, UUID imageId) {
        if (token == null) {
            return false;
        }
        try {
            JWT.require(algorithm).withAudience(purpose).withSubject(imageId.toString()).build().verify(token);
            return true;
        } catch (JWTVerificationException e) {
            return false;
        }
    }

    /** The published, checked image. */
    Path file(UUID imageId) {
        return directory.resolve(imageId.toString());
    }

    /** Where the upload lands; never served. */
    Path uploadFile(UUID imageId) {
        return directory.resolve(UPLOADS).resolve(imageId.toString());
    }

    private String token(String purpose, UUID imageId, Duration lifetime) {
        return JWT.create().withAudience(purpose).withSubject(imageId.toString())
                .withExpiresAt(clock.instant().plus(lifetime)).sign(algorithm);
    }
}
