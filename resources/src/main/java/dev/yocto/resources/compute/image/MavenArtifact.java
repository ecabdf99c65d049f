package dev.yocto.resources.compute.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The file of a Maven module that its Dockerfile copies ({@code app/target/app.jar}), rebuilt with
 * Maven when it is missing or older than the module's pom or main sources, so that the content hash
 * describes the current code. When the module's parent directory is a Maven reactor that lists it,
 * the build runs there with {@code -pl <module> -am}, which needs nothing installed in
 * {@code ~/.m2}. Tests are skipped: they are the module's own build's business.
 */
final class MavenArtifact {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);
    private static final int OUTPUT_LINES_SHOWN = 40;

    private MavenArtifact() {
    }

    static void ensureFresh(Path module, String artifact, Consumer<String> progress) {
        if (!Files.isDirectory(module)) {
            throw new ImageException("the build context " + module + " does not exist");
        }
        Path jar = module.resolve(artifact);
        Optional<String> staleness = staleness(module, jar);
        if (staleness.isEmpty()) {
            return;
        }
        List<String> command = command(module);
        Path workingDirectory = reactor(module).orElse(module);
        progress.accept("building " + artifact + " with Maven (" + staleness.get() + "): " + String.join(" ", command));
        run(command, workingDirectory, jar);
        if (!Files.isRegularFile(jar)) {
            throw new ImageException("Maven finished but " + jar + " is still missing: the Dockerfile needs it");
        }
    }

    /** Why the artifact must be rebuilt, or empty when it is newer than every source. */
    static Optional<String> staleness(Path module, Path jar) {
        if (!Files.isRegularFile(jar)) {
            return Optional.of(module.relativize(jar) + " is missing");
        }
        FileTime built = modified(jar);
        List<Path> sources = new ArrayList<>();
        sources.add(module.resolve("pom.xml"));
        reactor(module).ifPresent(root -> sources.add(root.resolve("pom.xml")));
        Path main = module.resolve("src/main");
        if (Files.isDirectory(main)) {
            try (Stream<Path> walk = Files.walk(main)) {
                walk.filter(Files::isRegularFile).forEach(sources::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + main, e);
            }
        }
        return sources.stream().filter(Files::isRegularFile).filter(source -> modified(source).compareTo(built) > 0)
                .findFirst().map(source -> source + " is newer than " + module.relativize(jar));
    }

    static List<String> command(Path module) {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q"));
        if (reactor(module).isPresent()) {
            command.addAll(List.of("-pl", module.getFileName().toString(), "-am"));
        }
        command.addAll(List.of("package", "-Dmaven.test.skip=true"));
        return command;
    }

    /** The parent directory when its pom.xml lists the module. */
    private static Optional<Path> reactor(Path module) {
        Path parent = module.getParent();
        if (parent == null || !Files.isRegularFile(parent.resolve("pom.xml"))) {
            return Optional.empty();
        }
        try {
            String pom = Files.readString(parent.resolve("pom.xml"));
            return pom.contains("<module>" + module.getFileName() + "</module>") ? Optional.of(parent) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + parent.resolve("pom.xml"), e);
        }
    }

    private static void run(List<String> command, Path directory, Path jar) {
        String manual = "(cd " + directory + " && " + String.join(" ", command) + ")";
        Path log = createLog();
        try {
            Process process = start(command, directory, log, jar, manual);
            if (!process.waitFor(BUILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new ImageException("Maven did not build " + jar + " within " + BUILD_TIMEOUT.toMinutes()
                        + " minutes; build it yourself: " + manual);
            }
            if (process.exitValue() != 0) {
                throw new ImageException("Maven could not build " + jar + " (exit " + process.exitValue() + "); its output "
                        + "ends with:\n" + tail(log) + "\nfix the build, or build it yourself: " + manual);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while Maven built " + jar, e);
        } finally {
            deleteQuietly(log);
        }
    }

    private static Process start(List<String> command, Path directory, Path log, Path jar, String manual) {
        try {
            return new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new ImageException("Maven (mvn) is needed to build " + jar + ", which the Dockerfile copies: install "
                    + "it (Debian: apt-get install maven), or build the jar yourself: " + manual + " (" + e.getMessage()
                    + ")", e);
        }
    }

    private static Path createLog() {
        try {
            return Files.createTempFile("yocto-maven-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp file for Maven's output", e);
        }
    }

    private static String tail(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            return "(its output could not be read: " + e.getMessage() + ")";
        }
        return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_SHOWN), lines.size()));
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a temp file; the OS cleans up
        }
    }
}
