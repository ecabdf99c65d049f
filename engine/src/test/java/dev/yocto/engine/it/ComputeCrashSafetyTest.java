package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every k, the k-th mutating call of the compute layer takes effect and then its response is
 * lost; a fresh provision must converge with no duplicate and {@code status} must be in sync. The
 * layers below are provisioned once (their own crash tests cover them): with them in place, every
 * mutating call of a provision is the compute layer's. Between crash points, {@code teardown --only
 * compute} removes the compute layer and keeps the rest.
 */
@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("the compute layer needs ECR, ECS, ELBv2, Application Auto Scaling and CloudFront, which LocalStack's community runtime answers with 501")
class ComputeCrashSafetyTest {

    @TempDir
    Path dir;

    @BeforeEach
    void requireDocker() throws Exception {
        ComputeFixture.requireDockerAndRegistry();
    }

    @Test
    void provision_crashAtEveryMutatingCallOfTheComputeLayer_convergesWithoutDuplicates(AwsEmulator emulator)
            throws Exception {
        String stack = ComputeFixture.uniqueStack("ccrash");
        Cli cli = ComputeFixture.cli(emulator, dir, stack);
        Cli.Result lower = cli.only("data").run("provision");
        assertThat(lower.exitCode()).as(lower.toString()).isZero();
        Cli.Result first = cli.run("provision");
        assertThat(first.exitCode()).as(first.toString()).isZero();

        try (ComputeView compute = new ComputeView(emulator, stack); StackView view = new StackView(emulator, stack)) {
            Map<String, Integer> withCompute = view.counts();
            tearDownCompute(cli, compute, "after the first run");
            // Counted on a second creation, which is what every crash point repeats: moto keeps the
            // tags of a deleted bucket, so a re-created site bucket needs no PutBucketTagging there.
            FaultInjector counter = new FaultInjector(Integer.MAX_VALUE);
            Cli.Result clean = cli.run(List.of(counter), "provision");
            assertThat(clean.exitCode()).as(clean.toString()).isZero();
            int mutatingCalls = counter.mutatingCalls();
            assertThat(mutatingCalls).as("mutating calls of the compute layer").isGreaterThan(20);
            tearDownCompute(cli, compute, "after the clean run");
            for (int k = 1; k <= mutatingCalls; k++) {
                FaultInjector crash = new FaultInjector(k);

                Cli.Result crashed = cli.run(List.of(crash), "provision");

                assertThat(crashed.exitCode()).as("k=%d %s", k, crashed).isEqualTo(1);
                assertThat(crashed.err()).as("k=%d", k).contains("injected crash after " + crash.failedOperation());
                String where = "k=" + k + " (crashed after " + crash.failedOperation() + ")";

                Cli.Result recovered = cli.run("provision");

                assertThat(recovered.exitCode()).as("%s %s", where, recovered).isZero();
                assertThat(compute.counts()).as("%s: no duplicates", where).isEqualTo(ComputeView.FULL);
                assertThat(view.counts()).as("%s: buckets, distributions and the rest", where).isEqualTo(withCompute);
                Cli.Result status = cli.run("status");
                assertThat(status.exitCode()).as("%s %s", where, status).isZero();
                tearDownCompute(cli, compute, where);
            }
        }
        assertThat(cli.only("dns,network").run("teardown", "--yes", "--delete-data", "--skip-final-snapshot")
                .exitCode()).isZero();
    }

    /** The CLI's layers are {@code --only compute}: teardown removes that layer alone. */
    private static void tearDownCompute(Cli cli, ComputeView compute, String where) {
        Cli.Result teardown = cli.run("teardown", "--yes");
        assertThat(teardown.exitCode()).as("%s %s", where, teardown).isZero();
        assertThat(compute.counts()).as("%s: teardown --only compute", where).isEqualTo(ComputeView.NOTHING);
    }

}
