package dev.yocto.app.images;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private final Path directory;
    private final Algorithm algorithm;
    private final Clock clock;

    public LocalImageStore(Path directory, String secretKey, Clock clock) {
        this.directory = directory;
        this.algorithm = Algorithm.HMAC256("local-media:" + secretKey);
        this.clock = clock;
        try {
            Files.createDirectories(directory);
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
    public Optional<byte[]> head(Image image, int count) {
        Path file = file(image.id());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(in.readNBytes(count));
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

    Path file(UUID imageId) {
        return directory.resolve(imageId.toString());
    }

    private String token(String purpose, UUID imageId, Duration lifetime) {
        return JWT.create().withAudience(purpose).withSubject(imageId.toString())
                .withExpiresAt(clock.instant().plus(lifetime)).sign(algorithm);
    }
}
