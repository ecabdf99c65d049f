package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Building is provision's stage before the graph: plan and status only read, and say what would be rebuilt. */
@ExtendWith(EmulatorExtension.class)
class ArtifactsStageTest {

    @TempDir
    Path dir;

    @Test
    void planAndStatus_withChangedSources_sayWouldRebuild_andBuildNothing(AwsEmulator emulator) throws Exception {
        Cli cli = ComputeFixture.cli(emulator, dir, ComputeFixture.uniqueStack("artifacts"));
        FileTime hourAgo = FileTime.from(Instant.now().minusSeconds(3600));
        Path jar = dir.resolve("app/target/app.jar");
        Files.setLastModifiedTime(jar, hourAgo);
        ComputeFixture.write(dir, "app/pom.xml", "<project/>\n");
        Path index = dir.resolve("web/dist/index.html");
        Files.setLastModifiedTime(index, hourAgo);
        ComputeFixture.write(dir, "web/package.json", "{\"scripts\": {\"build\": \"exit 1\"}}\n");
        ComputeFixture.write(dir, "web/src/main.tsx", "// changed since the build\n");

        Cli.Result plan = cli.run("plan");
        Cli.Result status = cli.run("status");

        for (Cli.Result result : new Cli.Result[] {plan, status}) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.out() + result.err()).as(result.toString())
                    .contains("would rebuild backend jar " + jar).contains("pom.xml is newer than target/app.jar")
                    .contains("would rebuild web build " + dir.resolve("web/dist"))
                    .contains("src/main.tsx is newer than dist/index.html")
                    .doesNotContain("building");
        }
        assertThat(Files.getLastModifiedTime(jar)).as("Maven never ran").isEqualTo(hourAgo);
        assertThat(Files.getLastModifiedTime(index)).as("npm never ran").isEqualTo(hourAgo);
        assertThat(dir.resolve("web/node_modules")).doesNotExist();
    }
}
