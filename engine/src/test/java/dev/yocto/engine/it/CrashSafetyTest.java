package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.LocalStackSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every k, the k-th mutating call of a network provision takes effect and then "crashes" (its
 * response is lost); a fresh provision must converge with no duplicate, and teardown must leave
 * nothing behind.
 */
@ExtendWith(EmulatorExtension.class)
@LocalStackSuite
class CrashSafetyTest {

    @TempDir
    Path dir;

    @Test
    void provision_crashAtEveryMutatingCall_convergesWithoutDuplicates(AwsEmulator emulator) throws Exception {
        int mutatingCalls = cleanProvisionMutatingCalls(emulator);
        assertThat(mutatingCalls).as("mutating calls of a clean network provision").isGreaterThan(30);

        for (int k = 1; k <= mutatingCalls; k++) {
            String stack = "crash" + k;
            Path work = Files.createDirectories(dir.resolve(stack));
            Cli cli = new Cli(emulator, work, stack);
            FaultInjector crash = new FaultInjector(k);

            Cli.Result crashed = cli.run(List.of(crash), "provision");

            assertThat(crashed.exitCode()).as("k=%d %s", k, crashed).isEqualTo(1);
            assertThat(crashed.err()).as("k=%d", k).contains("injected crash after " + crash.failedOperation());

            Cli.Result recovered = cli.run("provision");

            assertThat(recovered.exitCode()).as("k=%d (crashed in %s) %s", k, crash.failedOperation(), recovered)
                    .isZero();
            try (Ec2View view = new Ec2View(emulator, stack)) {
                assertThat(view.counts()).as("k=%d (crashed in %s): no duplicates", k, crash.failedOperation())
                        .isEqualTo(Ec2View.FULL_NETWORK);
                Cli.Result status = cli.run("status");
                assertThat(status.exitCode()).as("k=%d %s", k, status).isZero();

                Cli.Result teardown = cli.run("teardown", "--yes");

                assertThat(teardown.exitCode()).as("k=%d %s", k, teardown).isZero();
                assertThat(view.counts()).as("k=%d: teardown leaves nothing", k).isEqualTo(Ec2View.NOTHING);
            }
        }
    }

    private int cleanProvisionMutatingCalls(AwsEmulator emulator) throws Exception {
        Path work = Files.createDirectories(dir.resolve("clean"));
        Cli cli = new Cli(emulator, work, "crashclean");
        Cli.Result clean = cli.run("provision", "--json");
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        int calls = clean.json().get("summary").get("mutatingCalls").asInt();
        assertThat(cli.run("teardown", "--yes").exitCode()).isZero();
        return calls;
    }
}
