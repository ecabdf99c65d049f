package dev.yocto.resources.compute.logs;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * A CloudWatch log group {@code /yocto/<stack>/<purpose>}, keeping events for {@code retentionDays}.
 * Its {@code arn} is the group's ARN without the {@code :*} that DescribeLogGroups appends, so that
 * policies can name {@code <arn>:log-stream:*}.
 */
public final class LogGroupKind implements Kind<LogGroupKind.Settings> {

    public static final String ID = "logs:log-group";
    public static final LogGroupKind KIND = new LogGroupKind();
    public static final Output<String> NAME = Output.attribute(ID, "name");
    public static final Output<String> ARN = Output.attribute(ID, "arn");
    public static final int RETENTION_DAYS = 30;

    public record Settings(String purpose, int retentionDays) {
    }

    private LogGroupKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    public static String groupName(Context context, Settings settings) {
        return "/yocto/" + context.stack() + "/" + settings.purpose();
    }

    /**
     * By name: log group names are unique per account and region, and this one is derived from the
     * stack. Found without state, it must carry this stack's tag: another owner's group is a conflict.
     */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        CloudWatchLogsClient logs = context.aws().logs();
        Optional<String> name = knownId.or(() -> settings.map(s -> groupName(context, s)));
        return name.flatMap(n -> group(logs, n)).map(group -> {
            Map<String, String> tags = tags(logs, group);
            if (knownId.isEmpty()) {
                requireOurs(context, address, group, tags);
            }
            return live(group, tags);
        });
    }

    private static void requireOurs(Context context, Address address, LogGroup group, Map<String, String> tags) {
        Tags.requireOurs(context.stack(), address, "a log group named " + group.logGroupName(), tags);
    }

    private static Optional<LogGroup> group(CloudWatchLogsClient logs, String name) {
        return logs.describeLogGroups(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(group -> group.logGroupName().equals(name)).findFirst();
    }

    private static Map<String, String> tags(CloudWatchLogsClient logs, LogGroup group) {
        return logs.listTagsForResource(r -> r.resourceArn(arn(group))).tags();
    }

    private static Live live(CloudWatchLogsClient logs, LogGroup group) {
        return live(group, tags(logs, group));
    }

    private static Live live(LogGroup group, Map<String, String> tags) {
        String arn = arn(group);
        Map<String, String> observed = Map.of(
                "retentionDays", String.valueOf(group.retentionInDays()),
                "tags", Tags.ours(tags));
        return new Live(group.logGroupName(), arn, Map.of(NAME.name(), group.logGroupName(), ARN.name(), arn),
                observed);
    }

    /** {@code logGroupArn} where AWS reports it; older answers only have {@code arn}, which ends in {@code :*}. */
    private static String arn(LogGroup group) {
        if (group.logGroupArn() != null) {
            return group.logGroupArn();
        }
        return group.arn().endsWith(":*") ? group.arn().substring(0, group.arn().length() - 2) : group.arn();
    }

    /** CreateLogGroup takes no retention and no idempotency token: retention follows, an existing group is adopted. */
    @Override
    public Live create(Context context, Desired<Settings> desired) {
        CloudWatchLogsClient logs = context.aws().logs();
        Address address = desired.address();
        String name = groupName(context, desired.settings());
        try {
            logs.createLogGroup(r -> r.logGroupName(name).tags(context.tags(address)));
        } catch (ResourceAlreadyExistsException e) {
            // a create retried after a crash: the group is brought in line below
        }
        // A group made moments ago may be missing from DescribeLogGroups and unknown to
        // ListTagsForResource for a while, as with AWS's other eventually consistent control planes
        // (https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html describes the
        // pattern); both are asked again until they know it.
        LogGroup group = Poll.until(context, address, "log group " + name + " to be listed", Poll.NOT_FOUND_GRACE,
                () -> group(logs, name));
        Map<String, String> tags = Poll.whenKnown(context, address, "log group " + name + " to be known",
                () -> tags(logs, group));
        requireOurs(context, address, group, tags);
        Live created = live(group, tags);
        List<Difference> differences = diff(context, desired, created);
        return differences.isEmpty() ? created : update(context, desired, created, differences);
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("retentionDays", String.valueOf(desired.settings().retentionDays()),
                "tags", Tags.ours(context.tags(desired.address())));
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        CloudWatchLogsClient logs = context.aws().logs();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        String known = "log group " + live.physicalId() + " to be known";
        if (fields.contains("retentionDays")) {
            Poll.whenKnown(context, desired.address(), known, () -> logs.putRetentionPolicy(r -> r
                    .logGroupName(live.physicalId()).retentionInDays(desired.settings().retentionDays())));
        }
        if (fields.contains("tags")) {
            Poll.whenKnown(context, desired.address(), known, () -> logs.tagResource(r -> r.resourceArn(live.arn())
                    .tags(context.tags(desired.address()))));
        }
        return group(logs, live.physicalId()).map(group -> live(logs, group)).orElseThrow(() ->
                new ResourceException(desired.address(), "log group " + live.physicalId()
                        + " disappeared while it was being updated"));
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        try {
            context.aws().logs().deleteLogGroup(r -> r.logGroupName(live.physicalId()));
        } catch (ResourceNotFoundException e) {
            // already gone
        }
    }
}
