package dev.yocto.engine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code yocto local stop} signals only the moto it recorded; the processes here are real (a script
 * named {@code moto_server}, and {@code sleep}), the record is forged as someone editing it would.
 */
class LocalEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void endProcesses() {
        started.forEach(Process::destroyForcibly);
    }

    private Process start(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(process);
        return process;
    }

    /** A process that looks like moto on port 5999: bash running a script named moto_server. */
    private Process fakeMoto() throws Exception {
        Path script = dir.resolve("bin/moto_server");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "sleep 60\nexit 0\n");
        return start("bash", script.toString(), "-H", "127.0.0.1", "-p", "5999");
    }

    private LocalEmulator recording(Process process, String endpoint, String processStart) throws Exception {
        Path local = dir.resolve(".yocto/local");
        Files.createDirectories(local);
        Files.write(local.resolve("moto.json"), JSON.writeValueAsBytes(new LocalEmulator.Record(process.pid(),
                endpoint, "5.2.5", "moto.log", Instant.now().toString(), processStart)));
        return new LocalEmulator(local);
    }

    private static String startOf(Process process) throws Exception {
        // /proc is read a moment after the fork; wait until the script runs under its own name
        for (int i = 0; i < 100 && process.info().arguments().map(List::of).orElse(List.of()).isEmpty(); i++) {
            Thread.sleep(20);
        }
        return process.info().startInstant().orElseThrow().toString();
    }

    @Test
    void stop_signalsTheRecordedMoto() throws Exception {
        Process moto = fakeMoto();
        LocalEmulator emulator = recording(moto, "http://127.0.0.1:5999", startOf(moto));

        LocalEmulator.Stop stop = emulator.stop();

        assertThat(stop.refused()).isFalse();
        assertThat(stop.message()).isEqualTo("stopped the local emulator (pid " + moto.pid() + ")");
        assertThat(moto.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(dir.resolve(".yocto/local/moto.json")).doesNotExist();
    }

    @Test
    void stop_leavesAProcessThatStartedAtAnotherTime() throws Exception {
        Process moto = fakeMoto();
        startOf(moto);
        LocalEmulator emulator = recording(moto, "http://127.0.0.1:5999", Instant.parse("2026-01-01T00:00:00Z").toString());

        LocalEmulator.Stop stop = emulator.stop();

        assertThat(stop.refused()).isTrue();
        assertThat(stop.message()).contains("left pid " + moto.pid() + " alone").contains("not the moto recorded");
        assertThat(moto.isAlive()).isTrue();
        assertThat(dir.resolve(".yocto/local/moto.json")).doesNotExist();
    }

    @Test
    void stop_leavesAnotherProgramOnTheRecordedPid() throws Exception {
        Process sleep = start("sleep", "60");
        LocalEmulator emulator = recording(sleep, "http://127.0.0.1:5999", startOf(sleep));

        assertThat(emulator.stop().refused()).isTrue();
        assertThat(sleep.isAlive()).isTrue();
    }

    @Test
    void stop_leavesMotoOnAnotherPortThanRecorded() throws Exception {
        Process moto = fakeMoto();
        LocalEmulator emulator = recording(moto, "http://127.0.0.1:6000", startOf(moto));

        assertThat(emulator.stop().refused()).isTrue();
        assertThat(moto.isAlive()).isTrue();
    }

    @Test
    void aRecordedEndpointOffThisMachineIsNotTrusted() throws Exception {
        Process moto = fakeMoto();
        LocalEmulator emulator = recording(moto, "http://203.0.113.9:5999", startOf(moto));

        assertThat(emulator.running()).isEmpty();
        LocalEmulator.Stop stop = emulator.stop();
        assertThat(stop.message()).isEqualTo("the local emulator was not running");
        assertThat(moto.isAlive()).isTrue();
    }

    @Test
    void loopbackEndpoints() {
        assertThat(LocalEmulator.isLoopback("http://127.0.0.1:5000")).isTrue();
        assertThat(LocalEmulator.isLoopback("http://localhost:5000")).isTrue();
        assertThat(LocalEmulator.isLoopback("http://[::1]:5000")).isTrue();
        assertThat(LocalEmulator.isLoopback("https://127.0.0.1.example.com:5000")).isFalse();
        assertThat(LocalEmulator.isLoopback("http://127.0.0.1.example.com:5000")).isFalse();
        assertThat(LocalEmulator.isLoopback("http://10.0.0.1:5000")).isFalse();
    }
}
