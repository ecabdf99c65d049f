package dev.yocto.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A Python virtual environment holding a pinned moto server, created once under the user cache
 * directory and shared by every yocto process and test run on the machine.
 */
public final class MotoInstallation {

    public static final String MOTO_VERSION = "5.2.5";
    private static final String REQUIREMENT = "moto[server]==" + MOTO_VERSION;
    private static final long INSTALL_TIMEOUT_MINUTES = 15;

    private final Path home;

    private MotoInstallation(Path home) {
        this.home = home;
    }

    /** {@code $YOCTO_CACHE_DIR}, else {@code $XDG_CACHE_HOME/yocto}, else {@code ~/.cache/yocto}. */
    public static Path defaultCacheDir() {
        String explicit = System.getenv("YOCTO_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "yocto");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "yocto");
    }

    /**
     * Returns the installation, creating it first if needed. Concurrent callers (other processes
     * too) wait on a file lock; an install killed half-way lacks its marker and is redone.
     */
    public static MotoInstallation ensure(Path cacheDir, Consumer<String> progress) {
        Path home = cacheDir.resolve("moto-" + MOTO_VERSION);
        if (isComplete(home)) {
            return new MotoInstallation(home);
        }
        try {
            Files.createDirectories(cacheDir);
            try (FileChannel channel = FileChannel.open(cacheDir.resolve("moto-install.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!isComplete(home)) {
                    install(cacheDir, home, progress);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the moto environment in " + cacheDir, e);
        }
        return new MotoInstallation(home);
    }

    public Path home() {
        return home;
    }

    public Path serverExecutable() {
        return home.resolve("bin").resolve("moto_server");
    }

    private static boolean isComplete(Path home) {
        return Files.isRegularFile(home.resolve(".complete"))
                && Files.isExecutable(home.resolve("bin").resolve("moto_server"));
    }

    /** Builds the environment in place; the marker file written last makes a killed install visible. */
    private static void install(Path cacheDir, Path home, Consumer<String> progress) throws IOException {
        progress.accept("Creating the moto " + MOTO_VERSION + " environment in " + home
                + " (first use only; this takes a minute or two)");
        deleteRecursively(home);
        String python = python();
        run(List.of(python, "-m", "venv", home.toString()), cacheDir,
                "creating a Python virtual environment with '" + python + " -m venv' failed;"
                        + " install Python 3 with venv support (Debian: apt-get install python3-venv)"
                        + " or point YOCTO_PYTHON at a Python 3 interpreter");
        run(List.of(home.resolve("bin/python").toString(), "-m", "pip", "install",
                        "--disable-pip-version-check", "--quiet", REQUIREMENT), cacheDir,
                "installing " + REQUIREMENT + " from PyPI failed; check the network access to PyPI");
        Files.writeString(home.resolve(".complete"), REQUIREMENT + "\n");
        progress.accept("moto " + MOTO_VERSION + " is ready");
    }

    private static String python() {
        String explicit = System.getenv("YOCTO_PYTHON");
        return explicit == null || explicit.isBlank() ? "python3" : explicit;
    }

    private static void run(List<String> command, Path dir, String failure) throws IOException {
        Path log = Files.createTempFile(dir, "moto-install-", ".log");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new EmulatorException(failure + " (" + e.getMessage() + ")");
            }
            boolean finished = process.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
                throw new EmulatorException(failure + " (no result after " + INSTALL_TIMEOUT_MINUTES + " minutes)");
            }
            if (process.exitValue() != 0) {
                throw new EmulatorException(failure + ":\n" + tail(log, 20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorException("interrupted while " + failure);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
