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
 * directory and shared by every yocto process and test run on the machine, with yocto's additions
 * to moto ({@code yocto_moto_extensions.py}: calls moto lacks that yocto's stack uses), loaded by a
 * {@code .pth} file into the {@code moto_server} process only.
 */
public final class MotoInstallation {

    public static final String MOTO_VERSION = "5.2.5";
    private static final String REQUIREMENT = "moto[server]==" + MOTO_VERSION;
    private static final long INSTALL_TIMEOUT_MINUTES = 15;
    private static final String EXTENSIONS = "yocto_moto_extensions";

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
            installExtensions(home);
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
        installExtensions(home);
        return new MotoInstallation(home);
    }

    /**
     * Writes the extension module and its {@code .pth} loader into the environment's site-packages
     * when they differ from this version's (an environment made by an older yocto gets them too).
     * Each file is written whole and moved into place, so a moto starting meanwhile sees the old or
     * the new file, never half of one.
     */
    private static void installExtensions(Path home) {
        try {
            Path sitePackages;
            try (Stream<Path> pythons = Files.list(home.resolve("lib"))) {
                sitePackages = pythons.map(dir -> dir.resolve("site-packages")).filter(Files::isDirectory).findFirst()
                        .orElseThrow(() -> new EmulatorException("no site-packages under " + home.resolve("lib")));
            }
            String module;
            try (var in = MotoInstallation.class.getResourceAsStream("moto/" + EXTENSIONS + ".py")) {
                module = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            writeIfChanged(sitePackages.resolve(EXTENSIONS + ".py"), module);
            writeIfChanged(sitePackages.resolve("yocto-moto-extensions.pth"), "import " + EXTENSIONS + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install yocto's moto extensions in " + home, e);
        }
    }

    private static void writeIfChanged(Path file, String content) throws IOException {
        if (Files.exists(file) && Files.readString(file).equals(content)) {
            return;
        }
        Path temporary = Files.createTempFile(file.getParent(), ".yocto-", ".tmp");
        Files.writeString(temporary, content);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
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
