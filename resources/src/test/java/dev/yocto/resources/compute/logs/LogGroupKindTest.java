package dev.yocto.resources.compute.logs;

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
import dev.yocto.testkit.LocalStackSuite;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

@ExtendWith(EmulatorExtension.class)
@LocalStackSuite
class LogGroupKindTest {

    private static final String STACK = "logtest";
    private static final String NAME = "/yocto/logtest/backend";

    private final AwsEmulator emulator;
    private final Runs runs;
    private final CloudWatchLogsClient logs;
    private final Desired<?> group = Runs.compute(STACK, ComputeLayer.LOG_GROUP);

    LogGroupKindTest(AwsEmulator emulator) {
        this.emulator = emulator;
        runs = new Runs(emulator, STACK);
        logs = runs.aws().logs();
    }

    @AfterEach
    void deleteGroup() {
        Runs.observe(runs.context(), group, Optional.empty()).ifPresent(live -> Runs.delete(runs.context(), group, live));
    }

    @Test
    void create_keepsEventsThirtyDays_taggedWithTheStack() {
        Live live = Runs.converge(runs.context(), group, Optional.empty());

        LogGroup described = describe().orElseThrow();
        assertThat(described.retentionInDays()).as("retention").isEqualTo(30);
        assertThat(logs.listTagsForResource(r -> r.resourceArn(live.arn())).tags()).as("tags")
                .containsEntry(Tags.STACK, STACK).containsEntry(Tags.RESOURCE, "compute/log-group");
        assertThat(live.attributes()).containsEntry("name", NAME)
                .containsEntry("arn", "arn:aws:logs:us-west-2:" + emulator.account() + ":log-group:" + NAME);

        Context second = runs.context();
        assertThat(Runs.diff(second, group, Runs.observe(second, group, Optional.of(NAME)).orElseThrow())).isEmpty();
    }

    @Test
    void changedRetentionAndTags_areDrift_andUpdateRestoresThem() {
        Live live = Runs.converge(runs.context(), group, Optional.empty());
        logs.putRetentionPolicy(r -> r.logGroupName(NAME).retentionInDays(7));
        logs.untagResource(r -> r.resourceArn(live.arn()).tagKeys(Tags.RESOURCE));

        Context context = runs.context();
        assertThat(Runs.diff(context, group, Runs.observe(context, group, Optional.of(NAME)).orElseThrow()))
                .extracting(Difference::field).containsExactlyInAnyOrder("retentionDays", "tags");
        Runs.converge(context, group, Optional.of(NAME));

        assertThat(describe().orElseThrow().retentionInDays()).isEqualTo(30);
        assertThat(logs.listTagsForResource(r -> r.resourceArn(live.arn())).tags())
                .containsEntry(Tags.RESOURCE, "compute/log-group");
    }

    @Test
    void createAfterALostResponse_adoptsTheGroup() {
        Live first = Runs.create(runs.context(), group);
        Live again = Runs.create(runs.context(), group);
        assertThat(again.physicalId()).isEqualTo(first.physicalId());
        assertThat(describe().orElseThrow().retentionInDays()).isEqualTo(30);
    }

    @Test
    void delete_removesTheGroup() {
        Live live = Runs.converge(runs.context(), group, Optional.empty());

        Runs.delete(runs.context(), group, live);

        assertThat(describe()).isEmpty();
        Runs.delete(runs.context(), group, live);
    }

    @Test
    void aGroupOfTheStacksNameThatIsNotTheStacks_isAConflictNotAnAdoption() {
        logs.createLogGroup(r -> r.logGroupName(NAME).tags(Map.of(Tags.STACK, "someone-else")));
        try {
            assertThatThrownBy(() -> Runs.observe(runs.context(), group, Optional.empty()))
                    .isInstanceOf(ResourceException.class).hasMessageContaining("not tagged yocto:stack=" + STACK)
                    .hasMessageContaining("someone-else");
            assertThatThrownBy(() -> Runs.create(runs.context(), group)).as("a create that finds it").isInstanceOf(
                    ResourceException.class);
            assertThat(describe().orElseThrow().retentionInDays()).as("left as it was").isNull();
        } finally {
            logs.deleteLogGroup(r -> r.logGroupName(NAME));
        }
    }

    private Optional<LogGroup> describe() {
        return logs.describeLogGroups(r -> r.logGroupNamePrefix(NAME)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(NAME)).findFirst();
    }
}
