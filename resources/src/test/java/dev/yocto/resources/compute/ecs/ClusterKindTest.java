package dev.yocto.resources.compute.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.Tag;

@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("ECS answers 501 on LocalStack's community runtime")
class ClusterKindTest {

    private static final String STACK = "clustertest";

    private final Runs runs;
    private final EcsClient ecs;
    private final Desired<?> cluster = Runs.compute(STACK, ComputeLayer.CLUSTER);

    ClusterKindTest(AwsEmulator emulator) {
        runs = new Runs(emulator, STACK);
        ecs = runs.aws().ecs();
    }

    @AfterEach
    void deleteCluster() {
        Runs.observe(runs.context(), cluster, Optional.empty()).ifPresent(live -> Runs.delete(runs.context(), cluster, live));
    }

    @Test
    void create_makesTheStackClusterWithFargateAndFargateSpot() {
        Live live = Runs.converge(runs.context(), cluster, Optional.empty());

        Cluster described = describe();
        assertThat(described.status()).isEqualTo("ACTIVE");
        assertThat(described.capacityProviders()).as("capacity providers")
                .containsExactlyInAnyOrder("FARGATE", "FARGATE_SPOT");
        assertThat(described.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value))).as("tags")
                .containsEntry(Tags.STACK, STACK).containsEntry(Tags.RESOURCE, "compute/ecs/cluster");
        assertThat(live.attributes()).containsEntry("name", STACK).containsEntry("arn", described.clusterArn());

        Context second = runs.context();
        assertThat(Runs.diff(second, cluster, Runs.observe(second, cluster, Optional.of(live.physicalId())).orElseThrow()))
                .as("differences on a second run").isEmpty();
    }

    @Test
    void changedCapacityProvidersAndTags_areDrift_andUpdateRestoresThem() {
        Live live = Runs.converge(runs.context(), cluster, Optional.empty());
        ecs.putClusterCapacityProviders(r -> r.cluster(STACK).capacityProviders("FARGATE")
                .defaultCapacityProviderStrategy(List.of()));
        ecs.untagResource(r -> r.resourceArn(live.arn()).tagKeys(Tags.NAME));

        Context context = runs.context();
        Live drifted = Runs.observe(context, cluster, Optional.of(live.physicalId())).orElseThrow();
        assertThat(Runs.diff(context, cluster, drifted)).extracting(Difference::field)
                .containsExactlyInAnyOrder("capacityProviders", "tags");

        Runs.converge(context, cluster, Optional.of(live.physicalId()));
        Cluster described = describe();
        assertThat(described.capacityProviders()).containsExactlyInAnyOrder("FARGATE", "FARGATE_SPOT");
        assertThat(described.tags()).extracting(Tag::key).contains(Tags.NAME);
    }

    @Test
    void aClusterOfOurNameWithoutOurTag_isRefused_notAdopted() {
        ecs.createCluster(r -> r.clusterName(STACK).tags(Tag.builder().key(Tags.STACK).value("someone-else").build()));
        try {
            assertThatThrownBy(() -> Runs.observe(runs.context(), cluster, Optional.empty()))
                    .isInstanceOf(ResourceException.class).hasMessageContaining("not tagged yocto:stack=" + STACK)
                    .hasMessageContaining("someone-else");
        } finally {
            ecs.deleteCluster(r -> r.cluster(STACK));
        }
    }

    @Test
    void delete_leavesTheClusterInactive_whichCountsAsAbsent() {
        Live live = Runs.converge(runs.context(), cluster, Optional.empty());

        Runs.delete(runs.context(), cluster, live);

        assertThat(describe().status()).isEqualTo("INACTIVE");
        assertThat(Runs.observe(runs.context(), cluster, Optional.of(live.physicalId()))).isEmpty();
        Live again = Runs.converge(runs.context(), cluster, Optional.of(live.physicalId()));
        assertThat(describe().status()).as("a later provision makes it again").isEqualTo("ACTIVE");
        assertThat(again.attributes()).containsEntry("name", STACK);
    }

    private Cluster describe() {
        List<Cluster> clusters = ecs.describeClusters(r -> r.clusters(STACK).include(ClusterField.TAGS)).clusters();
        assertThat(clusters).hasSize(1);
        return clusters.get(0);
    }
}
