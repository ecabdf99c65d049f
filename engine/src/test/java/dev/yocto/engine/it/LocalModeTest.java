package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.engine.cli.Invocation;
import dev.yocto.engine.cli.Main;
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
}
