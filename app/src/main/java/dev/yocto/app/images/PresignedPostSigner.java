package dev.yocto.app.images;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * S3 browser-based POST uploads signed with SigV4, which the AWS SDK for Java v2 does not offer:
 * a policy (bucket, exact key, 1 B-10 MB, expiry) in base64 is the string to sign.
 */
public final class PresignedPostSigner {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EXPIRATION =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ObjectMapper mapper;

    public PresignedPostSigner(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** One object to upload: {@code url} is the bucket's POST endpoint. */
    public record Target(String url, String bucket, String key, long maxBytes, Optional<String> contentType) {
    }

    public UploadForm sign(Target target, AwsCredentials credentials, String region, Instant now, Duration validFor) {
        String credential = credentials.accessKeyId() + "/" + DAY.format(now) + "/" + region + "/s3/aws4_request";
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", target.key());
        target.contentType().ifPresent(type -> fields.put("Content-Type", type));
        fields.put("x-amz-algorithm", ALGORITHM);
        fields.put("x-amz-credential", credential);
        fields.put("x-amz-date", STAMP.format(now));
        if (credentials instanceof AwsSessionCredentials session) {
            fields.put("x-amz-security-token", session.sessionToken());
        }

        ObjectNode policy = mapper.createObjectNode();
        policy.put("expiration", EXPIRATION.format(now.plus(validFor)));
        ArrayNode conditions = policy.putArray("conditions");
        conditions.addObject().put("bucket", target.bucket());
        conditions.addArray().add("content-length-range").add(1).add(target.maxBytes());
        fields.forEach((name, value) -> {
            if (name.equals("Content-Type")) {
                // An exact match, spelled out: S3 stores (and would serve) whatever type the form sends.
                conditions.addArray().add("eq").add("$Content-Type").add(value);
            } else {
                conditions.addObject().put(name, value);
            }
        });

        String encodedPolicy = Base64.getEncoder().encodeToString(toJson(policy).getBytes(StandardCharsets.UTF_8));
        fields.put("policy", encodedPolicy);
        fields.put("x-amz-signature",
                signature(credentials.secretAccessKey(), DAY.format(now), region, encodedPolicy));
        return new UploadForm(target.url(), Map.copyOf(fields));
    }

    /** SigV4 for POST: HMAC-SHA256 of the base64 policy with the derived signing key, hex. */
    public static String signature(String secretKey, String day, String region, String base64Policy) {
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        return HexFormat.of().formatHex(hmac(key, base64Policy));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    private String toJson(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("policy is plain JSON", e);
        }
    }
}
