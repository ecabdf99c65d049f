package dev.yocto.app.images;

import dev.yocto.app.config.AppConfig;
import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.model.CannedSignerRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Production storage: presigned POST into the bucket's {@code uploads/} prefix (no distribution
 * serves it), checked bytes put under {@code images/}, CloudFront URLs (signed for private images) out.
 */
public final class S3ImageStore implements ImageStore {

    static final Duration UPLOAD_WINDOW = Duration.ofMinutes(10);
    static final Duration PRIVATE_LINK_LIFETIME = Duration.ofHours(1);
    private static final int SIGNED_URL_CACHE_LIMIT = 20_000;

    private final AppConfig.Aws aws;
    private final S3Client s3;
    private final AwsCredentialsProvider credentials;
    private final PresignedPostSigner signer;
    private final PrivateKey cloudFrontKey;
    private final CloudFrontUtilities cloudFront = CloudFrontUtilities.create();
    private final Clock clock;
    /** An RSA signature costs milliseconds; a feed page may need 100 of them. */
    private final Map<String, String> signedUrls = new ConcurrentHashMap<>();

    public S3ImageStore(AppConfig.Aws aws, S3Client s3, AwsCredentialsProvider credentials,
                        PresignedPostSigner signer, Clock clock) {
        this.aws = aws;
        this.s3 = s3;
        this.credentials = credentials;
        this.signer = signer;
        this.cloudFrontKey = PemPrivateKeys.parse(aws.cloudFrontPrivateKeyPem());
        this.clock = clock;
    }

    @Override
    public UploadForm uploadForm(Image image, String origin) {
        String bucket = bucket(image);
        // Content-Type is always pinned; undeclared uploads are stored as opaque bytes until checked.
        String type = image.contentType() == null ? "application/octet-stream" : image.contentType();
        PresignedPostSigner.Target target = new PresignedPostSigner.Target(bucketUrl(bucket), bucket, image.uploadKey(),
                MAX_UPLOAD_BYTES, Optional.of(type));
        return signer.sign(target, credentials.resolveCredentials(), aws.region(), clock.instant(), UPLOAD_WINDOW);
    }

    /** Virtual-host style on AWS; path style on an emulator given by AWS_ENDPOINT_URL. */
    String bucketUrl(String bucket) {
        return aws.endpointOverride()
                .map(endpoint -> stripTrailingSlash(endpoint.toString()) + "/" + bucket)
                .orElse("https://" + bucket + ".s3." + aws.region() + ".amazonaws.com/");
    }

    @Override
    public Optional<byte[]> readUpload(Image image) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket(image))
                    .key(image.uploadKey()).range("bytes=0-" + MAX_UPLOAD_BYTES));
            return Optional.of(bytes.asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 || e.statusCode() == 416) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void publish(Image image, byte[] bytes, String contentType) {
        s3.putObject(b -> b.bucket(bucket(image)).key(image.key()).contentType(contentType),
                RequestBody.fromBytes(bytes));
    }

    @Override
    public String downloadUrl(Image image, String origin) {
        if (image.isPublic()) {
            return distributionUrl(aws.publicDistribution(), image.key());
        }
        // Expiry rounded up to the hour: the same link (1-2 h left) is reused, by us and by browser caches.
        Instant expires = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(PRIVATE_LINK_LIFETIME.multipliedBy(2));
        if (signedUrls.size() > SIGNED_URL_CACHE_LIMIT) {
            signedUrls.clear();
        }
        return signedUrls.computeIfAbsent(image.key() + "@" + expires.getEpochSecond(), k -> sign(image, expires));
    }

    private String sign(Image image, Instant expires) {
        CannedSignerRequest request = CannedSignerRequest.builder()
                .resourceUrl(distributionUrl(aws.privateDistribution(), image.key()))
                .privateKey(cloudFrontKey)
                .keyPairId(aws.cloudFrontKeyPairId())
                .expirationDate(expires)
                .build();
        return cloudFront.getSignedUrlWithCannedPolicy(request).url();
    }

    private String bucket(Image image) {
        return image.isPublic() ? aws.publicBucket() : aws.privateBucket();
    }

    /** The distribution variable holds its domain name; a full URL is accepted too. */
    static String distributionUrl(String distribution, String key) {
        String base = distribution.contains("://") ? distribution : "https://" + distribution;
        return stripTrailingSlash(URI.create(base).toString()) + "/" + key;
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
