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
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The background moto server behind {@code --local}: started by the first command that needs it,
 * recorded in {@code .yocto/local/moto.json} and reused by later commands until
 * {@code yocto local stop}.
 */
public final class LocalEmulator {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What is written about the running server. {@code processStart} is the process's start time as
     * the system reports it: with the command line it tells our moto from a process that reuses its
     * pid after it ended.
     */
    public record Record(long pid, String endpoint, String motoVersion, String log, String startedAt,
                         String processStart) {
    }

    /** What {@link #stop()} did; {@code refused} when a process was left alone because it is not our moto. */
    public record Stop(String message, boolean refused) {
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
                log.toString(), Instant.now().toString(), ProcessHandle.of(server.pid())
                        .flatMap(process -> process.info().startInstant()).map(Instant::toString).orElse(null));
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

    /**
     * Stops the recorded emulator, signalling its pid only while that process is still the moto it
     * recorded (same start time, moto's server on the recorded port): a pid is reused once its
     * process ends, and {@code moto.json} is a file anyone with the folder can edit.
     */
    public Stop stop() {
        Optional<Record> record = read();
        Optional<ProcessHandle> process = record.flatMap(r -> ProcessHandle.of(r.pid()));
        Stop outcome;
        if (record.isEmpty() || process.isEmpty()) {
            outcome = new Stop("the local emulator was not running", false);
        } else if (!isRecordedMoto(process.get(), record.get())) {
            outcome = new Stop("left pid " + record.get().pid() + " alone: it is not the moto recorded in "
                    + recordFile() + " (command line or start time differ); the record is removed", true);
        } else {
            process.get().destroy();
            try {
                process.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                process.get().destroyForcibly();
            }
            outcome = new Stop("stopped the local emulator (pid " + record.get().pid() + ")", false);
        }
        try {
            Files.deleteIfExists(recordFile());
        } catch (IOException e) {
            throw new EmulatorException("cannot remove " + recordFile() + ": " + e.getMessage());
        }
        return outcome;
    }

    static boolean isRecordedMoto(ProcessHandle process, Record record) {
        ProcessHandle.Info info = process.info();
        Optional<String> started = info.startInstant().map(Instant::toString);
        if (record.processStart() == null || started.isEmpty() || !started.get().equals(record.processStart())) {
            return false;
        }
        List<String> arguments = info.arguments().map(List::of).orElse(List.of());
        String port = Integer.toString(URI.create(record.endpoint()).getPort());
        boolean moto = info.command().map(LocalEmulator::isMotoServer).orElse(false)
                || arguments.stream().anyMatch(LocalEmulator::isMotoServer);
        int portFlag = arguments.indexOf("-p");
        return moto && portFlag >= 0 && portFlag + 1 < arguments.size() && arguments.get(portFlag + 1).equals(port);
    }

    private static boolean isMotoServer(String path) {
        return Path.of(path).getFileName().toString().equals("moto_server");
    }

    private Optional<Record> read() {
        if (!Files.exists(recordFile())) {
            return Optional.empty();
        }
        try {
            Record record = JSON.readValue(Files.readAllBytes(recordFile()), Record.class);
            return isLoopback(record.endpoint()) ? Optional.of(record) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Only a local server is trusted as the emulator: an endpoint elsewhere in the record would send
     * every AWS call of {@code --local} (and its signed requests) to another machine.
     */
    static boolean isLoopback(String endpoint) {
        URI uri = URI.create(endpoint);
        String host = uri.getHost();
        return "http".equals(uri.getScheme()) && host != null
                && (host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("[::1]"));
    }

    public static String uptime(Record record) {
        Duration up = Duration.between(Instant.parse(record.startedAt()), Instant.now());
        return up.toHours() + "h " + up.toMinutesPart() + "m";
    }
}
