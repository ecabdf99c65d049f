package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.engine.cli.Invocation;
import dev.yocto.engine.cli.Main;
import dev.yocto.emulator.LocalStack;
import dev.yocto.testkit.Emulators;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --local}: yocto starts its own emulator in the background and later commands reuse it. */
class LocalModeTest {

    @TempDir
    Path dir;

    private Cli.Result yocto(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new Invocation(new PrintWriter(out, true), new PrintWriter(err, true),
                new BufferedReader(new StringReader("")), Map.of(), dir, false, List.of()), args);
        return new Cli.Result(code, out.toString(), err.toString());
    }

    @AfterEach
    void stopEmulator() {
        yocto("local", "stop");
    }

    @Test
    void provisionLocal_startsEmulator_thenStatusAndTeardownReuseIt() {
        Cli.Result provision = yocto("provision", "--local", "--only", "network");

        assertThat(provision.exitCode()).as(provision.toString()).isZero();
        assertThat(provision.out()).contains("Local AWS emulator listening on http://127.0.0.1:")
                .contains("simulated").contains("21 created");
        assertThat(dir.resolve(".yocto/local/moto.json")).exists();
        assertThat(dir.resolve(".yocto/local/yoctogram.state.json")).exists();
        String running = yocto("local", "status").out();
        assertThat(running).startsWith("running: moto ");

        Cli.Result status = yocto("status", "--local", "--only", "network");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).doesNotContain("Starting the local AWS emulator").contains("In sync");

        Cli.Result teardown = yocto("teardown", "--local", "--yes", "--only", "network");
        assertThat(teardown.exitCode()).as(teardown.toString()).isZero();
        assertThat(teardown.out()).contains("21 deleted");

        assertThat(yocto("local", "stop").out()).contains("stopped the local emulator");
        assertThat(yocto("local", "status").out()).startsWith("not running");
    }

    @Test
    void provisionLocal_withLocalStack_buildsTheLayersItOffers_andNamesThoseItCannot() {
        Emulators.requireLocalStackImage();

        Cli.Result provision = yocto("provision", "--local", "--emulator", "localstack");

        assertThat(provision.exitCode()).as(provision.toString()).isZero();
        assertThat(provision.out()).contains("Starting the local AWS emulator (LocalStack")
                .contains("data lacks cloudfront, rds").contains("compute lacks application-autoscaling, cloudfront, "
                        + "ecr, ecs, elbv2").contains("are left out; this run covers dns, network").contains("24 created");
        assertThat(dir.resolve(".yocto/local/localstack.json")).exists();
        assertThat(dir.resolve(".yocto/local/localstack/yoctogram.state.json")).as("its own state").exists();
        assertThat(yocto("local", "status").out()).contains("running: LocalStack (" + LocalStack.IMAGE + ")");

        Cli.Result status = yocto("status", "--local", "--emulator", "localstack");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).doesNotContain("Starting the local AWS emulator").contains("In sync");
        Cli.Result compute = yocto("plan", "--local", "--emulator", "localstack", "--only", "compute");
        assertThat(compute.exitCode()).as(compute.toString()).isEqualTo(3);
        assertThat(compute.err()).contains("--only compute cannot be built there").contains("Layers it can hold: dns, network");

        Cli.Result teardown = yocto("teardown", "--local", "--emulator", "localstack", "--yes", "--delete-zone");
        assertThat(teardown.exitCode()).as(teardown.toString()).isZero();
        assertThat(teardown.out()).contains("24 deleted").contains("nothing of them to remove");

        assertThat(yocto("local", "stop").out()).contains("stopped the local emulator (LocalStack container");
        assertThat(yocto("local", "status").out()).startsWith("not running");
    }

    @Test
    void emulatorFlag_isCheckedBeforeAnything() {
        Cli.Result unknown = yocto("plan", "--local", "--emulator", "kinesalite");
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err()).contains("--emulator must be moto or localstack, got 'kinesalite'");
        Cli.Result withoutLocal = yocto("plan", "--emulator", "localstack");
        assertThat(withoutLocal.exitCode()).isEqualTo(3);
        assertThat(withoutLocal.err()).contains("--emulator chooses the emulator --local starts");
    }
}
