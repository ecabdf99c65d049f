package dev.yocto.resources.compute.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerIgnoreTest {

    @Test
    void backendRules_sendOnlyTheDockerfileAndTheJar() {
        DockerIgnore ignore = DockerIgnore.parse(List.of("# only these", "*", "!Dockerfile", "!target/app.jar"));

        assertThat(ignore.excludes("Dockerfile")).isFalse();
        assertThat(ignore.excludes("target/app.jar")).isFalse();
        assertThat(ignore.excludes("pom.xml")).isTrue();
        assertThat(ignore.excludes("src/main/java/Main.java")).as("inside an excluded directory").isTrue();
        assertThat(ignore.excludes("target/app-0.1.0.jar")).isTrue();
    }

    @Test
    void doubleStar_matchesAnyNumberOfDirectories() {
        DockerIgnore ignore = DockerIgnore.parse(List.of("**/*.log", "docs/**"));

        assertThat(ignore.excludes("build.log")).isTrue();
        assertThat(ignore.excludes("a/b/c.log")).isTrue();
        assertThat(ignore.excludes("docs/guide/intro.md")).isTrue();
        assertThat(ignore.excludes("a/log.txt")).isFalse();
    }

    @Test
    void aDirectoryRule_coversEverythingInIt_andLeadingSlashesAndDotsAreCleaned() {
        DockerIgnore ignore = DockerIgnore.parse(List.of("/node_modules/", "./secrets"));

        assertThat(ignore.excludes("node_modules/react/index.js")).isTrue();
        assertThat(ignore.excludes("secrets/key.pem")).isTrue();
        assertThat(ignore.excludes("src/node_modules.txt")).isFalse();
    }

    @Test
    void theLastMatchingRuleWins() {
        DockerIgnore ignore = DockerIgnore.parse(List.of("*.md", "!README*.md", "README-secret.md"));

        assertThat(ignore.excludes("CHANGES.md")).isTrue();
        assertThat(ignore.excludes("README.md")).isFalse();
        assertThat(ignore.excludes("README-secret.md")).isTrue();
    }

    @Test
    void singleCharactersAndClasses_stayWithinOneName() {
        DockerIgnore ignore = DockerIgnore.parse(List.of("file?.txt", "[ab]*.bin", "[!c]x", "*/tmp"));

        assertThat(ignore.excludes("file1.txt")).isTrue();
        assertThat(ignore.excludes("file10.txt")).isFalse();
        assertThat(ignore.excludes("a1.bin")).isTrue();
        assertThat(ignore.excludes("c1.bin")).isFalse();
        assertThat(ignore.excludes("dx")).isTrue();
        assertThat(ignore.excludes("cx")).isFalse();
        assertThat(ignore.excludes("x/tmp")).isTrue();
        assertThat(ignore.excludes("tmp")).isFalse();
        assertThat(ignore.excludes("x/y/tmp")).isFalse();
    }

    @Test
    void noRules_sendEverything() {
        assertThat(DockerIgnore.parse(List.of("", "   ", "# nothing")).excludes("any/file")).isFalse();
    }
}
