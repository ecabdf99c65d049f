package dev.yocto.engine.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yocto.emulator.EmulatorException;
import dev.yocto.emulator.MotoInstallation;
import dev.yocto.emulator.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The background moto server behind {@code --local}: started by the first command that needs it,
 * recorded in {@code .yocto/local/moto.json} and reused by later commands until
 * {@code yocto local stop}.
 */
public final class LocalEmulator {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is written about the running server. */
    public record Record(long pid, String endpoint, String motoVersion, String log, String startedAt) {
    }

    private final Path directory;

    public LocalEmulator(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    private Path recordFile() {
        return directory.resolve("moto.json");
    }

    public Optional<Record> running() {
        Optional<Record> record = read();
        return record.filter(r -> MotoServer.isResponding(URI.create(r.endpoint())));
    }

    /** The endpoint of the running emulator, starting it first if none answers. */
    public URI ensureRunning(Consumer<String> progress) {
        Optional<Record> running = running();
        if (running.isPresent()) {
            return URI.create(running.get().endpoint());
        }
        MotoInstallation installation = MotoInstallation.ensure(MotoInstallation.defaultCacheDir(), progress);
        Path log = directory.resolve("moto.log");
        progress.accept("Starting the local AWS emulator (moto " + MotoInstallation.MOTO_VERSION + ")");
        MotoServer server = MotoServer.startDetached(installation, log);
        Record record = new Record(server.pid(), server.endpoint().toString(), MotoInstallation.MOTO_VERSION,
                log.toString(), Instant.now().toString());
        try {
            Files.createDirectories(directory);
            Files.write(recordFile(), JSON.writeValueAsBytes(record));
        } catch (IOException e) {
            server.close();
            throw new EmulatorException("cannot record the local emulator in " + recordFile() + ": " + e.getMessage());
        }
        progress.accept("Local AWS emulator listening on " + server.endpoint() + " (pid " + server.pid()
                + "; 'yocto local stop' ends it)");
        return server.endpoint();
    }

    /** Stops the recorded emulator; returns what was stopped. */
    public Optional<Record> stop() {
        Optional<Record> record = read();
        record.ifPresent(r -> ProcessHandle.of(r.pid()).ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }));
        try {
            Files.deleteIfExists(recordFile());
        } catch (IOException e) {
            throw new EmulatorException("cannot remove " + recordFile() + ": " + e.getMessage());
        }
        return record;
    }

    private Optional<Record> read() {
        if (!Files.exists(recordFile())) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(recordFile()), Record.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static String uptime(Record record) {
        Duration up = Duration.between(Instant.parse(record.startedAt()), Instant.now());
        return up.toHours() + "h " + up.toMinutesPart() + "m";
    }
}
