package dev.yocto.resources.compute.site;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.ResourceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds the frontend when its {@code dist/} is missing or older than its sources: {@code npm ci}
 * when {@code node_modules} is missing or older than {@code package-lock.json}, then
 * {@code npm run build}, in the web directory. A tree without sources (only {@code dist/}) is used as
 * it is.
 */
final class WebBuild {

    static final String DIST = "dist";
    private static final List<String> SOURCE_DIRECTORIES = List.of("src", "public");
    private static final List<String> SOURCE_FILES = List.of("index.html", "package.json", "package-lock.json");
    private static final int OUTPUT_TAIL = 25;

    private final String npm;

    WebBuild() {
        this(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm");
    }

    /** With another npm executable (tests). */
    WebBuild(String npm) {
        this.npm = npm;
    }

    /** Why {@code dist/} must be built again, or empty when it is newer than every source. */
    static Optional<String> staleReason(Path web) {
        Path index = web.resolve(DIST).resolve("index.html");
        if (!Files.isRegularFile(index)) {
            return Optional.of(DIST + "/index.html is missing");
        }
        FileTime built = modified(index);
        return sources(web).filter(source -> modified(source).compareTo(built) > 0).findFirst()
                .map(source -> web.relativize(source).toString().replace('\\', '/') + " is newer than " + DIST
                        + "/index.html");
    }

    /** Why {@code npm ci} must run first, or empty when {@code node_modules} matches the lock file. */
    static Optional<String> installReason(Path web) {
        Path modules = web.resolve("node_modules");
        if (!Files.isDirectory(modules)) {
            return Optional.of("node_modules is missing");
        }
        Path lock = web.resolve("package-lock.json");
        // npm writes its hidden lock file last, so it dates the installation better than the directory.
        Path installed = Files.isRegularFile(modules.resolve(".package-lock.json"))
                ? modules.resolve(".package-lock.json") : modules;
        if (Files.isRegularFile(lock) && modified(lock).compareTo(modified(installed)) > 0) {
            return Optional.of("node_modules is older than package-lock.json");
        }
        return Optional.empty();
    }

    /** The files whose change calls for a new build: src/, public/, index.html, package files, Vite and TS config. */
    private static Stream<Path> sources(Path web) {
        List<Path> sources = new ArrayList<>();
        for (String directory : SOURCE_DIRECTORIES) {
            Path root = web.resolve(directory);
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(Files::isRegularFile).forEach(sources::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        SOURCE_FILES.stream().map(web::resolve).filter(Files::isRegularFile).forEach(sources::add);
        try (Stream<Path> top = Files.list(web)) {
            top.filter(Files::isRegularFile).filter(file -> isConfig(file.getFileName().toString()))
                    .forEach(sources::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources.stream();
    }

    private static boolean isConfig(String name) {
        return name.startsWith("vite.config.") || (name.startsWith("tsconfig") && name.endsWith(".json"));
    }

    /** Builds {@code dist/} when it is stale; reports each step. */
    void ensureBuilt(Context context, Address address, Path web) {
        if (!Files.isDirectory(web)) {
            throw new ResourceException(address, "the web directory " + web + " does not exist (set web.dir in "
                    + "yocto.yaml to the frontend's directory)");
        }
        Optional<String> stale = staleReason(web);
        if (stale.isEmpty()) {
            return;
        }
        if (!Files.isRegularFile(web.resolve("package.json"))) {
            throw new ResourceException(address, stale.get() + " and " + web + " has no package.json to build it "
                    + "with (set web.dir in yocto.yaml to the frontend's directory)");
        }
        long started = System.nanoTime();
        Optional<String> install = installReason(web);
        if (install.isPresent()) {
            context.report(address, "building the frontend: npm ci (" + install.get() + ")");
            run(address, web, "ci");
        }
        context.report(address, "building the frontend: npm run build (" + stale.get() + ")");
        run(address, web, "run", "build");
        if (!Files.isRegularFile(web.resolve(DIST).resolve("index.html"))) {
            throw new ResourceException(address, "npm run build in " + web + " succeeded but left no " + DIST
                    + "/index.html; the frontend's build must write to " + DIST + "/");
        }
        context.report(address, "built the frontend in " + (System.nanoTime() - started) / 1_000_000_000 + " s");
    }

    private void run(Address address, Path web, String... arguments) {
        List<String> command = new ArrayList<>(List.of(npm));
        command.addAll(List.of(arguments));
        String shown = "npm " + String.join(" ", arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(web.toFile()).redirectErrorStream(true);
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("FORCE_COLOR", "0");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ResourceException(address, "cannot run " + shown + " to build the frontend: npm is not "
                    + "installed or not on the PATH. Install Node.js 20 (20.19 or later) with npm, e.g. from "
                    + "https://nodejs.org or with `nvm install 20`, or build it yourself with `npm ci && npm run "
                    + "build` in " + web);
        }
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                tail.addLast(line);
                if (tail.size() > OUTPUT_TAIL) {
                    tail.removeFirst();
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new ResourceException(address, shown + " in " + web + " failed (exit " + exit + "); its last "
                        + "output:\n" + String.join("\n", tail));
            }
        } catch (IOException e) {
            throw new ResourceException(address, "reading the output of " + shown + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new ResourceException(address, "interrupted while " + shown + " was running in " + web);
        }
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
