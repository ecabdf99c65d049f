package dev.yocto.resources.compute.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Emulation;
import dev.yocto.resources.api.ResourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class WebBuildTest {

    private static final Address ADDRESS = Address.of("compute/site/content");
    private static final Instant SOURCES = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant BUILT = SOURCES.plusSeconds(60);

    @TempDir
    Path web;

    private final List<String> reports = new CopyOnWriteArrayList<>();

    @Test
    void staleReason_missingDist_needsABuild() throws IOException {
        write("src/main.tsx", SOURCES);

        assertThat(WebBuild.staleReason(web)).hasValue("dist/index.html is missing");
    }

    @Test
    void staleReason_distNewerThanEverySource_isFresh() throws IOException {
        sources(SOURCES);
        write("dist/index.html", BUILT);

        assertThat(WebBuild.staleReason(web)).isEmpty();
    }

    @Test
    void staleReason_namesTheFirstNewerSource_forEachKindOfSource() throws IOException {
        for (String source : List.of("src/components/Feed.tsx", "public/favicon.ico", "index.html", "package.json",
                "package-lock.json", "vite.config.ts", "tsconfig.json", "tsconfig.node.json")) {
            sources(SOURCES);
            write("dist/index.html", BUILT);
            write(source, BUILT.plusSeconds(1));

            assertThat(WebBuild.staleReason(web)).as(source).hasValue(source + " is newer than dist/index.html");
            write(source, SOURCES);
        }
    }

    @Test
    void staleReason_ignoresFilesOutsideTheSources() throws IOException {
        sources(SOURCES);
        write("dist/index.html", BUILT);
        write("README.md", BUILT.plusSeconds(5));
        write("scripts/e2e.mjs", BUILT.plusSeconds(5));
        write("node_modules/vite/index.js", BUILT.plusSeconds(5));

        assertThat(WebBuild.staleReason(web)).isEmpty();
    }

    @Test
    void installReason_missingOrOlderThanTheLockFile() throws IOException {
        write("package-lock.json", SOURCES);
        assertThat(WebBuild.installReason(web)).hasValue("node_modules is missing");

        write("node_modules/.package-lock.json", SOURCES.minusSeconds(1));
        assertThat(WebBuild.installReason(web)).hasValue("node_modules is older than package-lock.json");

        write("node_modules/.package-lock.json", SOURCES.plusSeconds(1));
        assertThat(WebBuild.installReason(web)).isEmpty();
    }

    @Test
    void ensureBuilt_freshDist_runsNothing() throws IOException {
        sources(SOURCES);
        write("dist/index.html", BUILT);

        new WebBuild(web.resolve("no-such-npm").toString()).ensureBuilt(context(), ADDRESS, web);

        assertThat(reports).isEmpty();
    }

    @Test
    void ensureBuilt_withoutNpm_saysHowToInstallNode() throws IOException {
        sources(SOURCES);

        assertThatThrownBy(() -> new WebBuild(web.resolve("no-such-npm").toString()).ensureBuilt(context(), ADDRESS, web))
                .isInstanceOf(ResourceException.class)
                .hasMessageContaining("npm is not installed")
                .hasMessageContaining("Node.js 20")
                .hasMessageContaining("npm ci && npm run build");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void ensureBuilt_runsCiWhenModulesAreMissing_thenBuild_andReportsEachStep() throws IOException {
        sources(SOURCES);
        Path npm = fakeNpm("""
                echo "npm $*" >> calls.log
                if [ "$1" = run ]; then mkdir -p dist && echo '<html>' > dist/index.html; fi
                """);

        new WebBuild(npm.toString()).ensureBuilt(context(), ADDRESS, web);

        assertThat(Files.readAllLines(web.resolve("calls.log"))).containsExactly("npm ci", "npm run build");
        assertThat(reports).hasSize(3);
        assertThat(reports.get(0)).contains("npm ci (node_modules is missing)");
        assertThat(reports.get(1)).contains("npm run build (dist/index.html is missing)");
        assertThat(reports.get(2)).startsWith("built the frontend in");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void ensureBuilt_failedBuild_reportsTheTailOfItsOutput() throws IOException {
        sources(SOURCES);
        write("node_modules/.package-lock.json", BUILT);
        Path npm = fakeNpm("""
                for i in $(seq 1 40); do echo "line $i"; done
                echo "src/main.tsx(3,1): error TS2304: Cannot find name 'x'." >&2
                exit 2
                """);

        assertThatThrownBy(() -> new WebBuild(npm.toString()).ensureBuilt(context(), ADDRESS, web))
                .isInstanceOf(ResourceException.class)
                .hasMessageContaining("npm run build in " + web + " failed (exit 2)")
                .hasMessageContaining("error TS2304")
                .hasMessageContaining("line 40")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("line 10\n"));
    }

    private Context context() {
        return new Context("webbuild", "us-west-2", null, Emulation.EMULATOR, (address, message) -> reports.add(message));
    }

    private void sources(Instant time) throws IOException {
        write("src/main.tsx", time);
        write("public/favicon.ico", time);
        write("index.html", time);
        write("package.json", time);
        write("package-lock.json", time);
        write("vite.config.ts", time);
        write("tsconfig.json", time);
        write("tsconfig.node.json", time);
    }

    private void write(String relative, Instant modified) throws IOException {
        Path file = web.resolve(relative);
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.writeString(file, relative);
        }
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    private Path fakeNpm(String body) throws IOException {
        Path npm = web.resolve("fake-npm");
        Files.writeString(npm, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        return npm;
    }
}
