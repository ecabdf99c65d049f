package dev.yocto.resources.compute.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenArtifactTest {

    private static final FileTime EARLIER = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
    private static final FileTime LATER = FileTime.from(Instant.parse("2026-01-02T00:00:00Z"));

    @TempDir
    Path root;
    private Path module;
    private Path jar;

    @BeforeEach
    void reactorWithModule() throws IOException {
        write(root.resolve("pom.xml"), "<project><modules><module>app</module></modules></project>", EARLIER);
        module = root.resolve("app");
        write(module.resolve("pom.xml"), "<project/>", EARLIER);
        write(module.resolve("src/main/java/Main.java"), "class Main {}", EARLIER);
        jar = module.resolve("target/app.jar");
        write(jar, "jar", LATER);
    }

    @Test
    void aJarNewerThanEverySource_isFresh() {
        assertThat(MavenArtifact.staleness(module, jar)).isEmpty();
    }

    @Test
    void aMissingJar_orANewerSourceOrPom_isStale() throws IOException {
        Files.setLastModifiedTime(module.resolve("src/main/java/Main.java"), FileTime.from(Instant.now()));
        assertThat(MavenArtifact.staleness(module, jar)).hasValueSatisfying(
                reason -> assertThat(reason).contains("Main.java is newer than target/app.jar"));

        Files.setLastModifiedTime(module.resolve("src/main/java/Main.java"), EARLIER);
        Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(Instant.now()));
        assertThat(MavenArtifact.staleness(module, jar)).as("the reactor's pom").isPresent();

        Files.delete(jar);
        assertThat(MavenArtifact.staleness(module, jar)).contains("target/app.jar is missing");
    }

    @Test
    void aModuleOfAReactor_isBuiltFromTheReactorWithWhatItNeeds() {
        assertThat(MavenArtifact.command(module))
                .containsExactly("mvn", "-B", "-q", "-pl", "app", "-am", "package", "-Dmaven.test.skip=true");
    }

    @Test
    void aStandaloneModule_isBuiltInPlace() throws IOException {
        Files.delete(root.resolve("pom.xml"));
        assertThat(MavenArtifact.command(module)).containsExactly("mvn", "-B", "-q", "package", "-Dmaven.test.skip=true");
    }

    @Test
    void aFailingBuild_saysSoWithMavensOutput_andHowToBuildByHand() throws IOException {
        Files.delete(jar);
        Files.writeString(module.resolve("pom.xml"), "<project><this is not a pom");
        Files.delete(root.resolve("pom.xml"));
        List<String> progress = new ArrayList<>();

        assertThatThrownBy(() -> MavenArtifact.ensureFresh(module, "target/app.jar", progress::add))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("Maven could not build " + jar)
                .hasMessageContaining("pom.xml")
                .hasMessageContaining("build it yourself: (cd " + module + " && mvn -B -q package");
        assertThat(progress).singleElement().asString()
                .startsWith("building target/app.jar with Maven (target/app.jar is missing)");
    }

    private static void write(Path file, String content, FileTime time) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, time);
    }
}
