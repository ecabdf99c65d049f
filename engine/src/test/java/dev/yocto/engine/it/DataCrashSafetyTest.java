package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every k, the k-th mutating call of the dns and data layers (Route 53, ACM, Secrets Manager,
 * RDS, S3, CloudFront) takes effect and then its response is lost; a fresh provision must converge
 * with no duplicate, and teardown must leave nothing. The network layer's EC2 calls are not crashed
 * here: {@link CrashSafetyTest} covers each of them.
 */
@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("the data layer needs RDS and CloudFront, which LocalStack's community runtime answers with 501")
class DataCrashSafetyTest {

    private static final String LAYERS = "dns,network,data";
    private static final Predicate<String> DNS_AND_DATA = service -> !"EC2".equals(service);

    @TempDir
    Path dir;

    @Test
    void provision_crashAtEveryMutatingCallOfTheDnsAndDataLayers_convergesWithoutDuplicates(AwsEmulator emulator)
            throws Exception {
        int mutatingCalls = cleanProvisionMutatingCalls(emulator);
        assertThat(mutatingCalls).as("mutating dns and data calls of a clean provision").isGreaterThan(25);

        for (int k = 1; k <= mutatingCalls; k++) {
            String stack = "dcrash" + k;
            Cli cli = new Cli(emulator, Files.createDirectories(dir.resolve(stack)), stack, LAYERS);
            FaultInjector crash = new FaultInjector(k, DNS_AND_DATA);

            Cli.Result crashed = cli.run(List.of(crash), "provision");

            assertThat(crashed.exitCode()).as("k=%d %s", k, crashed).isEqualTo(1);
            assertThat(crashed.err()).as("k=%d", k).contains("injected crash after " + crash.failedOperation());

            Cli.Result recovered = cli.run("provision");

            String where = "k=" + k + " (crashed after " + crash.failedOperation() + ")";
            assertThat(recovered.exitCode()).as("%s %s", where, recovered).isZero();
            try (StackView view = new StackView(emulator, stack)) {
                assertThat(view.counts()).as("%s: no duplicates", where).isEqualTo(StackView.FULL);
                assertThat(view.cloudFront.listOriginAccessControls(r -> { }).originAccessControlList().items())
                        .as(where).filteredOn(o -> o.name().startsWith(stack + "-")).hasSize(1);
                assertThat(view.cloudFront.listPublicKeys().publicKeyList().items())
                        .as(where).filteredOn(key -> key.name().startsWith(stack + "-")).hasSize(1);
                Cli.Result status = cli.run("status");
                assertThat(status.exitCode()).as("%s %s", where, status).isZero();

                Cli.Result teardown = cli.run("teardown", "--yes", "--delete-data", "--skip-final-snapshot");

                assertThat(teardown.exitCode()).as("%s %s", where, teardown).isZero();
                assertThat(view.counts()).as("%s: teardown leaves nothing", where).isEqualTo(StackView.NOTHING);
            }
        }
    }

    private int cleanProvisionMutatingCalls(AwsEmulator emulator) throws Exception {
        Cli cli = new Cli(emulator, Files.createDirectories(dir.resolve("clean")), "dcrashclean", LAYERS);
        FaultInjector counter = new FaultInjector(Integer.MAX_VALUE, DNS_AND_DATA);
        Cli.Result clean = cli.run(List.of(counter), "provision");
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        assertThat(cli.run("teardown", "--yes", "--delete-data", "--skip-final-snapshot").exitCode()).isZero();
        return counter.mutatingCalls();
    }
}
