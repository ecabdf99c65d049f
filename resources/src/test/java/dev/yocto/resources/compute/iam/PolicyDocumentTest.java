package dev.yocto.resources.compute.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {

    private static final String BUILT = new PolicyDocument()
            .allow("Read", List.of("s3:GetObject", "s3:PutObject"), List.of("arn:aws:s3:::a/*", "arn:aws:s3:::b/*"))
            .json();

    @Test
    void canonical_isTheSame_forIamsUrlEncodedAnswer() {
        String encoded = URLEncoder.encode(BUILT, StandardCharsets.UTF_8).replace("+", "%20");
        assertThat(PolicyDocument.canonical(encoded)).isEqualTo(PolicyDocument.canonical(BUILT));
    }

    @Test
    void canonical_ignoresKeyOrderSpacingAndTheOrderOfSets() {
        String reordered = """
                { "Statement": [ { "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::a/*"],
                  "Action": ["s3:PutObject", "s3:GetObject"], "Effect": "Allow", "Sid": "Read" } ],
                  "Version": "2012-10-17" }""";
        assertThat(PolicyDocument.canonical(reordered)).isEqualTo(PolicyDocument.canonical(BUILT));
    }

    @Test
    void canonical_readsASingleValueAndAOneElementListAlike() {
        String single = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::a/*\"}}";
        String lists = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],"
                + "\"Resource\":[\"arn:aws:s3:::a/*\"]}]}";
        assertThat(PolicyDocument.canonical(single)).isEqualTo(PolicyDocument.canonical(lists));
    }

    @Test
    void canonical_tellsADifferentResourceApart() {
        String wider = BUILT.replace("arn:aws:s3:::b/*", "*");
        assertThat(PolicyDocument.canonical(wider)).isNotEqualTo(PolicyDocument.canonical(BUILT));
    }
}
