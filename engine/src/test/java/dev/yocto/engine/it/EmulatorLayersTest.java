package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.engine.local.EmulatorProfile;
import dev.yocto.resources.topology.Layer;
import dev.yocto.resources.topology.Topology;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.LocalStackSuite;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layers an emulator can hold work end to end, and those needing a service it lacks are absent
 * by definition: said so, never looked at by teardown, refused when named. moto lacks nothing;
 * LocalStack's community runtime lacks what the data and compute layers need.
 */
@ExtendWith(EmulatorExtension.class)
@LocalStackSuite
class EmulatorLayersTest {

    @TempDir
    Path dir;

    @Test
    void networkAndDns_provisionPlanStatusTeardown_leaveNothingTagged(AwsEmulator emulator) {
        Cli cli = new Cli(emulator, dir, "emunetdns", "network,dns");

        Cli.Result provision = cli.run("provision");

        assertThat(provision.exitCode()).as(provision.toString()).isZero();
        assertThat(cli.run("plan").exitCode()).as("a second plan has nothing to do").isZero();
        Cli.Result status = cli.run("status");
        assertThat(status.exitCode()).as(status.toString()).isZero();

        Cli.Result teardown = cli.run("teardown", "--yes", "--delete-zone", "--json");

        assertThat(teardown.exitCode()).as(teardown.toString()).isZero();
        assertThat(teardown.json().get("summary").get("deleted").asInt()).isEqualTo(21 + 3);
        assertThat(teardown.json().get("failures")).isEmpty();
        if (lacksDataServices(emulator)) {
            assertThat(teardown.err()).as("teardown names what it does not look at")
                    .contains("data lacks cloudfront, rds").contains("the data, compute layers cannot exist there")
                    .contains("nothing of them to remove");
        } else {
            assertThat(teardown.err()).doesNotContain("cannot exist");
        }
        try (Ec2View ec2 = new Ec2View(emulator, "emunetdns"); StackView view = new StackView(emulator, "emunetdns")) {
            assertThat(ec2.counts()).isEqualTo(Ec2View.NOTHING);
            assertThat(view.zones()).isEmpty();
            assertThat(view.certificates(view.acmRegional)).isEmpty();
            assertThat(view.certificates(view.acmUsEast1)).isEmpty();
        }
        Cli.Result after = cli.run("status", "--json");
        assertThat(after.json().get("resources")).allSatisfy(n -> assertThat(n.get("status").asText())
                .isEqualTo("not-created"));
    }

    @Test
    void aLayerTheEmulatorLacks_isRefusedByName_beforeAnyChange(AwsEmulator emulator) {
        Cli cli = new Cli(emulator, dir, "emudata", "data");

        Cli.Result plan = cli.run("plan");

        if (lacksDataServices(emulator)) {
            assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(3);
            assertThat(plan.err()).contains("data lacks cloudfront, rds").contains("--only data cannot be built there")
                    .contains("Layers it can hold: dns, network");
        } else {
            assertThat(plan.exitCode()).as("planned: changes pending " + plan).isEqualTo(2);
        }
    }

    @Test
    void theProfileYoctoPicks_namesExactlyTheServicesTheEmulatorLacks(AwsEmulator emulator) {
        EmulatorProfile profile = EmulatorProfile.at(emulator.endpoint());

        assertThat(profile.emulation().active()).isTrue();
        for (Layer layer : Layer.values()) {
            for (String service : layer.services()) {
                assertThat(profile.emulation().offers(service)).as("%s offers %s (its health says %s)", profile.name(),
                        service, emulator.offers(service)).isEqualTo(emulator.offers(service));
            }
        }
        assertThat(Topology.absentOn(profile.emulation())).isEqualTo(lacksDataServices(emulator)
                ? EnumSet.of(Layer.DATA, Layer.COMPUTE) : EnumSet.noneOf(Layer.class));
    }

    private static boolean lacksDataServices(AwsEmulator emulator) {
        return !emulator.offers("rds") || !emulator.offers("cloudfront");
    }
}
