package dev.yocto.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A running moto server on the loopback interface. Started either as a child that dies with this
 * object ({@link #startChild}) or detached in its own session so that it outlives the JVM
 * ({@link #startDetached}, used by {@code yocto --local}).
 */
public final class MotoServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Settings that make moto behave closer to AWS for yocto's resources; each has its reason.
     */
    public static final Map<String, String> ENVIRONMENT = Map.of(
            // certificates become ISSUED on the next describe instead of after 60 s
            "MOTO_ACM_VALIDATION_WAIT", "0",
            // without it runningCount stays 0 and an ECS service never becomes stable
            "MOTO_ECS_SERVICE_RUNNING", "1",
            // moto otherwise prints coloured werkzeug banners into the log
            "NO_COLOR", "1");

    private final URI endpoint;
    private final Process process;

    private MotoServer(URI endpoint, Process process) {
        this.endpoint = endpoint;
        this.process = process;
    }

    /** Starts moto as a child process that is stopped by {@link #close()} or at JVM exit. */
    public static MotoServer startChild(MotoInstallation installation, Path logFile) {
        MotoServer server = start(installation, logFile, false);
        Runtime.getRuntime().addShutdownHook(new Thread(server.process::destroy));
        return server;
    }

    /** Starts moto in a session of its own; it keeps running after this JVM exits. */
    public static MotoServer startDetached(MotoInstallation installation, Path logFile) {
        return start(installation, logFile, true);
    }

    private static MotoServer start(MotoInstallation installation, Path logFile, boolean detached) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        if (detached && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(List.of(installation.serverExecutable().toString(), "-H", "127.0.0.1", "-p",
                Integer.toString(port)));
        Process process;
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(ENVIRONMENT);
            process = builder.start();
        } catch (IOException e) {
            throw new EmulatorException("cannot start moto server (" + installation.serverExecutable()
                    + "): " + e.getMessage());
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        awaitReady(endpoint, process, logFile);
        return new MotoServer(endpoint, process);
    }

    private static void awaitReady(URI endpoint, Process process, Path logFile) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        long pauseMillis = 50;
        while (System.nanoTime() < deadline) {
            if (isResponding(endpoint)) {
                return;
            }
            if (!process.isAlive()) {
                throw new EmulatorException("moto server exited with code " + process.exitValue()
                        + " before answering on " + endpoint + "; its log (" + logFile + ") ends with:\n"
                        + MotoInstallation.tail(logFile, 15));
            }
            sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 500);
        }
        process.destroy();
        throw new EmulatorException("moto server did not answer on " + endpoint + " within "
                + READY_TIMEOUT.toSeconds() + " s; see " + logFile);
    }

    /** True when a moto server answers its own API at the endpoint. */
    public static boolean isResponding(URI endpoint) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Forgets every resource in the emulator. */
    public static void reset(URI endpoint) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new EmulatorException("moto reset at " + endpoint + " answered HTTP " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("moto reset at " + endpoint + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorException("interrupted while resetting moto");
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    public void reset() {
        reset(endpoint);
    }

    @Override
    public void close() {
        process.destroy();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for moto server", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorException("interrupted while waiting for moto server");
        }
    }
}
