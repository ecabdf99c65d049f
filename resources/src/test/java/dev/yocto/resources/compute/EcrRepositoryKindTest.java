package dev.yocto.resources.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;

@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("ECR answers 501 on LocalStack's community runtime")
class EcrRepositoryKindTest {

    private static final String STACK = "ecrtest";
    /** An image manifest for ECR's PutImage, which moto keeps without a registry behind it. */
    private static final String MANIFEST = "{\"schemaVersion\":2,"
            + "\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":2,"
            + "\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\"},"
            + "\"layers\":[]}";
    private final Runs runs;
    private final EcrClient ecr;
    private final Desired<?> repository = Runs.compute(STACK, ComputeLayer.ECR_REPOSITORY);

    EcrRepositoryKindTest(AwsEmulator emulator) {
        runs = new Runs(emulator, STACK);
        ecr = runs.aws().client("ecr", Region.US_WEST_2, EcrClient.builder());
    }

    @Test
    void create_makesAnImmutableScanOnPushRepository_taggedWithTheStack() {
        Live live = Runs.converge(runs.context(), repository, Optional.empty());

        Repository described = ecr.describeRepositories(r -> r.repositoryNames("ecrtest/backend")).repositories().get(0);
        assertThat(described.imageScanningConfiguration().scanOnPush()).as("scan on push").isTrue();
        assertThat(described.imageTagMutability()).as("tag mutability").isEqualTo(ImageTagMutability.IMMUTABLE);
        assertThat(tags(described.repositoryArn())).as("tags").containsEntry(Tags.STACK, STACK)
                .containsEntry(Tags.RESOURCE, "compute/ecr-repository")
                .containsEntry(Tags.NAME, "ecrtest-compute-ecr-repository");
        assertThat(live.physicalId()).isEqualTo("ecrtest/backend");
        assertThat(live.attributes()).containsEntry(EcrRepositoryKind.URI.name(), described.repositoryUri())
                .containsEntry(EcrRepositoryKind.REGISTRY_ID.name(), described.registryId());

        Context second = runs.context();
        Live observed = Runs.observe(second, repository, Optional.of(live.physicalId())).orElseThrow();
        assertThat(Runs.diff(second, repository, observed)).as("differences on a second run").isEmpty();
        cleanUp(live);
    }

    @Test
    void outOfBandChanges_areDifferences_andUpdateRestoresThem() {
        Live live = Runs.converge(runs.context(), repository, Optional.empty());
        ecr.putImageScanningConfiguration(r -> r.repositoryName(live.physicalId())
                .imageScanningConfiguration(c -> c.scanOnPush(false)));
        ecr.putImageTagMutability(r -> r.repositoryName(live.physicalId()).imageTagMutability(ImageTagMutability.MUTABLE));
        ecr.untagResource(r -> r.resourceArn(live.arn()).tagKeys(Tags.RESOURCE));

        Context context = runs.context();
        Live drifted = Runs.observe(context, repository, Optional.of(live.physicalId())).orElseThrow();
        assertThat(Runs.diff(context, repository, drifted)).extracting("field")
                .containsExactlyInAnyOrder("scanOnPush", "tagMutability", "tags");

        Runs.converge(runs.context(), repository, Optional.of(live.physicalId()));
        Repository described = ecr.describeRepositories(r -> r.repositoryNames(live.physicalId())).repositories().get(0);
        assertThat(described.imageScanningConfiguration().scanOnPush()).isTrue();
        assertThat(described.imageTagMutability()).isEqualTo(ImageTagMutability.IMMUTABLE);
        assertThat(tags(live.arn())).containsEntry(Tags.RESOURCE, "compute/ecr-repository");
        cleanUp(live);
    }

    @Test
    void createAfterALostResponse_adoptsTheRepository() {
        Live first = Runs.create(runs.context(), repository);
        Live again = Runs.create(runs.context(), repository);
        assertThat(again.physicalId()).isEqualTo(first.physicalId());
        assertThat(ecr.describeRepositories().repositories()).hasSize(1);
        cleanUp(first);
    }

    @Test
    void delete_removesTheRepositoryWithItsImages() {
        Live live = Runs.converge(runs.context(), repository, Optional.empty());
        ecr.putImage(r -> r.repositoryName(live.physicalId()).imageTag("0123456789abcdef")
                .imageManifest(MANIFEST));

        Runs.delete(runs.context(), repository, live);

        assertThat(Runs.observe(runs.context(), repository, Optional.of(live.physicalId()))).isEmpty();
        Runs.delete(runs.context(), repository, live);
    }

    @Test
    void aRepositoryOfTheStacksNameThatIsNotTheStacks_isAConflictNotAnAdoption() {
        Repository foreign = ecr.createRepository(r -> r.repositoryName("ecrtest/backend")
                .tags(Tag.builder().key(Tags.STACK).value("someone-else").build())).repository();
        try {
            assertThatThrownBy(() -> Runs.observe(runs.context(), repository, Optional.empty()))
                    .isInstanceOf(ResourceException.class).hasMessageContaining("not tagged yocto:stack=" + STACK)
                    .hasMessageContaining("someone-else");
            assertThatThrownBy(() -> Runs.create(runs.context(), repository)).as("a create that finds it")
                    .isInstanceOf(ResourceException.class);
            assertThat(tags(foreign.repositoryArn())).as("left as it was").containsOnlyKeys(Tags.STACK);
        } finally {
            ecr.deleteRepository(r -> r.repositoryName("ecrtest/backend").force(true));
        }
    }

    private Map<String, String> tags(String arn) {
        return ecr.listTagsForResource(r -> r.resourceArn(arn)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private void cleanUp(Live live) {
        try {
            ecr.deleteRepository(r -> r.repositoryName(live.physicalId()).force(true));
        } catch (RepositoryNotFoundException ignored) {
            // deleted by the test
        }
    }
}
