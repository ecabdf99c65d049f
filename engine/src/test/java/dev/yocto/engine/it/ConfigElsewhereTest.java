package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.resources.compute.image.ImageSettings;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * {@code yocto -c /elsewhere/yocto.yaml} from another folder, as the README has it: {@code image.context}
 * and {@code web.dir} are relative to the configuration file's folder, the state is in the working
 * directory's {@code .yocto/}.
 */
@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("the compute layer needs ECR, ECS, ELBv2, Application Auto Scaling and CloudFront, which LocalStack's community runtime answers with 501")
class ConfigElsewhereTest {

    @TempDir
    Path dir;

    @Test
    void configInAnotherFolder_buildsFromItsSources_andKeepsTheStateInTheWorkingDirectory(AwsEmulator emulator)
            throws Exception {
        ComputeFixture.requireDockerAndRegistry();
        String stack = ComputeFixture.uniqueStack("elsewhere");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path workingDirectory = Files.createDirectories(dir.resolve("here"));
        ComputeFixture.cli(emulator, elsewhere, stack);
        ComputeFixture.write(elsewhere, "web/dist/index.html", "<!doctype html><title>from elsewhere</title>\n");
        String config = elsewhere.resolve("yocto.yaml").toString();
        Cli cli = new Cli(emulator, workingDirectory, stack, "compute")
                .environment(ImageSettings.BASE_IMAGE_VARIABLE, ComputeFixture.BASE_IMAGE);

        Cli.Result provision = cli.run("provision", "-c", config);

        assertThat(provision.exitCode()).as(provision.toString()).isZero();
        assertThat(workingDirectory.resolve(".yocto/" + stack + ".state.json")).as("state in the working directory")
                .isRegularFile();
        assertThat(elsewhere.resolve(".yocto")).as("nothing beside the configuration").doesNotExist();
        assertThat(workingDirectory.resolve("yocto.yaml")).doesNotExist();
        assertThat(workingDirectory.resolve("app")).doesNotExist();
        var outputs = cli.run("outputs", "--json", "-c", config).json();
        assertThat(outputs.get("imagePlaceholder").asBoolean()).as("built from elsewhere/app").isFalse();
        assertThat(ComputeFixture.tags(stack + "/backend")).hasSize(1);
        try (S3Client s3 = S3Client.builder().region(emulator.region()).endpointOverride(emulator.endpoint())
                .credentialsProvider(emulator.credentials()).forcePathStyle(true).build()) {
            String bucket = s3.listBuckets().buckets().stream().map(b -> b.name())
                    .filter(name -> name.startsWith(stack + "-site")).findFirst().orElseThrow();
            ResponseBytes<GetObjectResponse> index = s3.getObjectAsBytes(r -> r.bucket(bucket).key("index.html"));
            assertThat(index.asUtf8String()).as("uploaded from elsewhere/web/dist").contains("from elsewhere");
        }

        Cli.Result status = cli.run("status", "-c", config);
        assertThat(status.exitCode()).as(status.toString()).isZero();
        Cli.Result teardown = cli.only("dns,network,data,compute").run("teardown", "--yes", "--delete-data",
                "--skip-final-snapshot", "-c", config);
        assertThat(teardown.exitCode()).as(teardown.toString()).isZero();
    }
}
