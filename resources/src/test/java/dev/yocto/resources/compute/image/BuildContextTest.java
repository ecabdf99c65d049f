package dev.yocto.resources.compute.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {

    private static final String PLATFORM = "linux/arm64";
    private static final Map<String, String> ARGS = Map.of("BASE_IMAGE", "base:1");

    @TempDir
    Path dir;

    @BeforeEach
    void context() throws IOException {
        write("Dockerfile", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY target/app.jar /app/app.jar\n");
        write(".dockerignore", "*\n!Dockerfile\n!target/app.jar\n");
        write("target/app.jar", "jar bytes");
        write("target/classes/Main.class", "class bytes");
        write("src/Main.java", "class Main {}");
    }

    @Test
    void files_areWhatTheDockerignoreLetsThrough() {
        assertThat(BuildContext.scan(dir, "Dockerfile").files()).containsExactly("Dockerfile", "target/app.jar");
    }

    @Test
    void theDockerfile_isAlwaysSent_evenWhenIgnored() throws IOException {
        write(".dockerignore", "*\n!target/app.jar\n");
        assertThat(BuildContext.scan(dir, "Dockerfile").files()).containsExactly("Dockerfile", "target/app.jar");
    }

    @Test
    void hash_dependsOnContent_notOnTimes_norOnIgnoredFiles() throws IOException {
        String before = hash();
        Files.setLastModifiedTime(dir.resolve("target/app.jar"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        write("src/Main.java", "class Main { int changed; }");
        assertThat(hash()).as("after touching the jar and changing an ignored file").isEqualTo(before);

        write("target/app.jar", "other jar bytes");
        assertThat(hash()).as("after changing the jar").isNotEqualTo(before).hasSize(32).matches("[0-9a-f]+");
    }

    @Test
    void hash_dependsOnPlatformAndBuildArguments() {
        BuildContext context = BuildContext.scan(dir, "Dockerfile");
        String hash = context.contentHash(PLATFORM, ARGS);
        assertThat(context.contentHash("linux/amd64", ARGS)).isNotEqualTo(hash);
        assertThat(context.contentHash(PLATFORM, Map.of("BASE_IMAGE", "base:2"))).isNotEqualTo(hash);
        assertThat(context.contentHash(PLATFORM, Map.of())).isNotEqualTo(hash);
    }

    @Test
    void tar_holdsTheFilesWithAFixedTime_soTheSameContentGivesTheSameBytes() throws IOException {
        byte[] first = tar();
        Files.setLastModifiedTime(dir.resolve("target/app.jar"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(tar()).isEqualTo(first);

        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(first))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
                assertThat(entry.getModTime().getTime()).isZero();
                if (entry.getName().equals("target/app.jar")) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("jar bytes");
                }
            }
        }
        assertThat(names).containsExactly("target/", "Dockerfile", "target/app.jar");
    }

    @Test
    void aContextWithoutItsDockerfile_isAClearError() throws IOException {
        Files.delete(dir.resolve("Dockerfile"));
        assertThatThrownBy(() -> BuildContext.scan(dir, "Dockerfile")).isInstanceOf(ImageException.class)
                .hasMessageContaining("has no Dockerfile");
    }

    private String hash() {
        return BuildContext.scan(dir, "Dockerfile").contentHash(PLATFORM, ARGS);
    }

    private byte[] tar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuildContext.scan(dir, "Dockerfile").writeTar(out);
        return out.toByteArray();
    }

    private void write(String file, String content) throws IOException {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }
}
