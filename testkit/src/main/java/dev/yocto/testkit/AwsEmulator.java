package dev.yocto.testkit;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;

/** An AWS emulator a test talks to: one endpoint for every service, fake credentials. */
public interface AwsEmulator {

    String name();

    URI endpoint();

    default Region region() {
        return Region.US_WEST_2;
    }

    default AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    /** The account the emulator puts into ARNs and bucket names (moto's; LocalStack's differs). */
    default String account() {
        return "123456789012";
    }

    /** Forgets everything created so far. */
    void reset();

    /**
     * Whether this emulator offers the service, named as LocalStack's health names it ("ec2", "rds",
     * "ecr", "elbv2", "application-autoscaling", ...).
     */
    boolean offers(String service);
}
