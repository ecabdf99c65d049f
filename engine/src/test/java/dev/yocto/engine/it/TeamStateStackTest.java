package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yocto.resources.compute.image.ImageSettings;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * A team's stack: provisioned with its state in S3 from one working directory, then seen from a
 * fresh checkout (the configuration and the sources, no {@code .yocto}: status compares the deployed
 * image and site with the sources), seen and torn down from a directory that holds only the
 * configuration (a CI runner: status compares the image and the site with what was deployed, and
 * says so).
 */
@ExtendWith(EmulatorExtension.class)
class TeamStateStackTest {

    private static final String EVERY_LAYER = "dns,network,data,compute";

    @TempDir
    Path dir;

    @BeforeEach
    void requireDocker() throws Exception {
        ComputeFixture.requireDockerAndRegistry();
    }

    @Test
    void provisionHere_statusFromAFreshCheckout_inSync_statusAndTeardownWithOnlyTheConfiguration(
            AwsEmulator emulator)
            throws Exception {
        String stack = ComputeFixture.uniqueStack("team");
        String bucket = "state-of-" + stack;
        Path laptop = dir.resolve("laptop");
        Path checkout = dir.resolve("checkout");
        Path runner = dir.resolve("runner");
        Files.createDirectories(laptop);
        Files.createDirectories(checkout);
        Files.createDirectories(runner);
        Cli first = ComputeFixture.cli(emulator, laptop, stack);
        String config = Files.readString(laptop.resolve("yocto.yaml")) + "state: s3://" + bucket + "/stacks\n";
        Files.writeString(laptop.resolve("yocto.yaml"), config);
        assertThat(first.run("state", "init-bucket").exitCode()).isZero();

        Cli.Result provision = first.run("provision");

        assertThat(provision.exitCode()).as(provision.toString()).isZero();
        assertThat(laptop.resolve(".yocto/" + stack + ".state.json")).as("no local state").doesNotExist();
        Cli fresh = ComputeFixture.cli(emulator, checkout, stack);
        Files.writeString(checkout.resolve("yocto.yaml"), config);

        Cli.Result status = fresh.run("status", "--json");

        assertThat(status.exitCode()).as(status.toString()).isZero();
        JsonNode document = status.json();
        assertThat(document.get("inSync").asBoolean()).isTrue();
        assertThat(document.get("resources").size()).isGreaterThan(40);

        Files.writeString(runner.resolve("yocto.yaml"), config);
        Cli second = new Cli(emulator, runner, stack, "compute")
                .environment(ImageSettings.BASE_IMAGE_VARIABLE, ComputeFixture.BASE_IMAGE);
        String image = first.run("outputs", "--json").json().get("image").asText();

        Cli.Result withoutSources = second.run("status", "--json");

        assertThat(withoutSources.exitCode()).as(withoutSources.toString()).isZero();
        assertThat(withoutSources.json().get("inSync").asBoolean()).isTrue();
        Map<String, String> statuses = new java.util.TreeMap<>();
        withoutSources.json().get("resources").forEach(r -> statuses.put(r.get("id").asText(), r.get("status").asText()));
        assertThat(statuses).containsEntry("compute/image", "in-sync").containsEntry("compute/site/content", "in-sync")
                .containsEntry("compute/ecs/task-definition", "in-sync");
        assertThat(withoutSources.err()).as("the output says what was compared")
                .contains("no sources for compute/image here (the build context " + runner.resolve("app")
                        + " does not exist)")
                .contains("no sources for compute/site/content here (the web directory " + runner.resolve("web")
                        + " does not exist)")
                .contains("compute/image: no build context at " + runner.resolve("app")
                        + ": compared with the deployed image " + image)
                .contains("compute/site/content: no web directory at " + runner.resolve("web")
                        + ": compared with the deployed site (" + ComputeFixture.DIST.size() + " files");
        Cli.Result plain = second.run("status");
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.out()).contains("it is compared with what was deployed, not with the sources")
                .contains("In sync");
        try (var files = Files.list(runner)) {
            assertThat(files).as("status wrote nothing beside the configuration")
                    .containsExactly(runner.resolve("yocto.yaml"));
        }
        try (StackView view = new StackView(emulator, stack); ComputeView compute = new ComputeView(emulator, stack);
             Ec2View ec2 = new Ec2View(emulator, stack)) {
            Cli.Result teardown = second.only(EVERY_LAYER).run("teardown", "--yes", "--delete-data",
                    "--skip-final-snapshot");

            assertThat(teardown.exitCode()).as(teardown.toString()).isZero();
            assertThat(compute.counts()).isEqualTo(ComputeView.NOTHING);
            assertThat(view.counts()).isEqualTo(StackView.NOTHING);
            assertThat(ec2.counts()).isEqualTo(Ec2View.NOTHING);
            assertThat(ComputeFixture.tags(stack + "/backend")).as("images left in the registry").isEmpty();

            JsonNode state = new ObjectMapper().readTree(view.s3.getObjectAsBytes(r -> r.bucket(bucket)
                    .key("stacks/" + stack + ".state.json")).asByteArray());
            assertThat(state.get("resources").size()).as("the state, kept, is empty").isZero();
            assertThat(view.s3.listObjectsV2(r -> r.bucket(bucket)).contents()).as("no lock left")
                    .extracting(o -> o.key()).containsExactly("stacks/" + stack + ".state.json");
            Map<String, String> tags = view.s3.getBucketTagging(r -> r.bucket(bucket)).tagSet().stream()
                    .collect(Collectors.toMap(Tag::key, Tag::value));
            assertThat(tags).as("the state bucket is not the stack's").doesNotContainKey("yocto:stack");
        }
        assertThat(runner.resolve(".yocto/" + stack + ".state.json")).doesNotExist();
        assertThat(checkout.resolve(".yocto/" + stack + ".state.json")).doesNotExist();
    }
}
