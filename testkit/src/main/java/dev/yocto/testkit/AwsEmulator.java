package dev.yocto.testkit;

import java.net.URI;
import java.util.Set;
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

    /** Forgets everything created so far. */
    void reset();

    /** Services this emulator does not offer, by their SDK client name ("rds", "ecs", ...). */
    Set<String> missingServices();
}
