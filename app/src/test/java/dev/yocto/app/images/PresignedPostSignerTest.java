package dev.yocto.app.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class PresignedPostSignerTest {

    /**
     * AWS's published example "Browser-Based Upload using HTTP POST (Using AWS Signature Version 4)"
     * (Amazon S3 API Reference, sigv4-post-example): this policy text, with CRLF line ends, base64
     * encoded, signed for 20151229/us-east-1/s3 with the documented example secret key.
     */
    private static final String AWS_EXAMPLE_POLICY = String.join("\r\n",
            "{ \"expiration\": \"2015-12-30T12:00:00.000Z\",",
            "  \"conditions\": [",
            "    {\"bucket\": \"sigv4examplebucket\"},",
            "    [\"starts-with\", \"$key\", \"user/user1/\"],",
            "    {\"acl\": \"public-read\"},",
            "    {\"success_action_redirect\": \"http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html\"},",
            "    [\"starts-with\", \"$Content-Type\", \"image/\"],",
            "    {\"x-amz-meta-uuid\": \"14365123651274\"},",
            "    {\"x-amz-server-side-encryption\": \"AES256\"},",
            "    [\"starts-with\", \"$x-amz-meta-tag\", \"\"],",
            "",
            "    {\"x-amz-credential\": \"AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request\"},",
            "    {\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"},",
            "    {\"x-amz-date\": \"20151229T000000Z\" }",
            "  ]",
            "}");
    private static final String AWS_EXAMPLE_POLICY_BASE64 = "eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9";
    private static final String AWS_EXAMPLE_SIGNATURE = "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e";
    private static final String AWS_EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void signature_ofAwsPublishedExample_matchesAwsSignature() {
        String encoded = Base64.getEncoder().encodeToString(AWS_EXAMPLE_POLICY.getBytes(StandardCharsets.UTF_8));
        assertThat(encoded).as("the example policy encodes as AWS shows").isEqualTo(AWS_EXAMPLE_POLICY_BASE64);
        assertThat(PresignedPostSigner.signature(AWS_EXAMPLE_SECRET, "20151229", "us-east-1", encoded))
                .isEqualTo(AWS_EXAMPLE_SIGNATURE);
    }

    @Test
    void signature_changesWithAnyInput() {
        String reference = PresignedPostSigner.signature(AWS_EXAMPLE_SECRET, "20151229", "us-east-1", AWS_EXAMPLE_POLICY_BASE64);
        assertThat(PresignedPostSigner.signature(AWS_EXAMPLE_SECRET, "20151230", "us-east-1", AWS_EXAMPLE_POLICY_BASE64)).isNotEqualTo(reference);
        assertThat(PresignedPostSigner.signature(AWS_EXAMPLE_SECRET, "20151229", "us-west-2", AWS_EXAMPLE_POLICY_BASE64)).isNotEqualTo(reference);
        assertThat(PresignedPostSigner.signature(AWS_EXAMPLE_SECRET + "x", "20151229", "us-east-1", AWS_EXAMPLE_POLICY_BASE64)).isNotEqualTo(reference);
    }

    @Test
    void form_policyPinsBucketKeySizeAndExpiry_andIsSignedWithTheSameFields() throws Exception {
        Instant now = Instant.parse("2026-03-01T10:15:30Z");
        UploadForm form = new PresignedPostSigner(mapper).sign(new PresignedPostSigner.Target(
                "https://b.s3.us-west-2.amazonaws.com/", "b", "images/x", 10L * 1024 * 1024, Optional.of("image/png")),
                AwsSessionCredentials.create("AKID", "SECRET", "SESSION"), "us-west-2", now, Duration.ofMinutes(10));

        JsonNode policy = mapper.readTree(Base64.getDecoder().decode(form.fields().get("policy")));
        assertThat(policy.path("expiration").asText()).isEqualTo("2026-03-01T10:25:30.000Z");
        assertThat(policy.path("conditions").toString())
                .contains("{\"bucket\":\"b\"}", "{\"key\":\"images/x\"}", "[\"content-length-range\",1,10485760]",
                        "{\"x-amz-credential\":\"AKID/20260301/us-west-2/s3/aws4_request\"}",
                        "{\"x-amz-date\":\"20260301T101530Z\"}", "{\"x-amz-security-token\":\"SESSION\"}",
                        "[\"eq\",\"$Content-Type\",\"image/png\"]");
        assertThat(form.fields()).containsEntry("key", "images/x").containsEntry("x-amz-security-token", "SESSION")
                .containsEntry("Content-Type", "image/png")
                .containsEntry("x-amz-algorithm", "AWS4-HMAC-SHA256");
        assertThat(form.fields().get("x-amz-signature")).isEqualTo(
                PresignedPostSigner.signature("SECRET", "20260301", "us-west-2", form.fields().get("policy")));
    }

    @Test
    void form_withLongTermCredentials_hasNoSecurityToken() {
        UploadForm form = new PresignedPostSigner(mapper).sign(new PresignedPostSigner.Target("u", "b", "k", 1,
                Optional.empty()), AwsBasicCredentials.create("A", "S"), "us-west-2", Instant.now(), Duration.ofMinutes(1));
        assertThat(form.fields()).doesNotContainKeys("x-amz-security-token", "Content-Type");
    }
}
