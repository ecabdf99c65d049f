package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * Without {@code availabilityZones}, the subnets go to the region's first two zones as
 * DescribeAvailabilityZones lists them: in ap-northeast-1 (zones a, c, d; moto models AWS's list)
 * the old {@code <region>a/b} default named a zone that does not exist.
 */
@ExtendWith(EmulatorExtension.class)
class DefaultZonesTest {

    @TempDir
    Path dir;

    @Test
    void subnetsGoToTheZonesTheRegionOffers(AwsEmulator emulator) {
        Cli cli = new Cli(emulator, dir, "zones").environment("AWS_REGION", "ap-northeast-1");

        Cli.Result result = cli.run("provision");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.AP_NORTHEAST_1).endpointOverride(emulator.endpoint())
                .credentialsProvider(emulator.credentials()).build()) {
            assertThat(ec2.describeSubnets(r -> r.filters(f -> f.name("tag:yocto:stack").values("zones"))).subnets())
                    .hasSize(6).extracting(Subnet::availabilityZone).containsOnly("ap-northeast-1a", "ap-northeast-1c");
        }
        assertThat(cli.run("teardown", "--yes").exitCode()).isZero();
    }
}
