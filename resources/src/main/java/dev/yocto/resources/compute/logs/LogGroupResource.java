package dev.yocto.resources.compute.logs;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
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
 * The CloudWatch log group of the backend's containers, {@code /yocto/<stack>/backend}, keeping
 * events for {@code retentionDays}. Its {@code arn} attribute is the group's ARN without the
 * {@code :*} that DescribeLogGroups appends, so that policies can name {@code <arn>:log-stream:*}.
 */
public final class LogGroupResource implements Resource {

    public static final int RETENTION_DAYS = 30;

    public record Settings(String purpose, int retentionDays) {
    }

    private final Address address;
    private final Settings settings;

    public LogGroupResource(Address address, String purpose, int retentionDays) {
        this.address = address;
        this.settings = new Settings(purpose, retentionDays);
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "logs:log-group";
    }

    @Override
    public Set<Address> dependencies() {
        return Set.of();
    }

    @Override
    public Settings settings() {
        return settings;
    }

    public String groupName(Context context) {
        return "/yocto/" + context.stack() + "/" + settings.purpose();
    }

    /**
     * By name: log group names are unique per account and region, and this one is derived from the
     * stack. Found without state, it must carry this stack's tag: another owner's group is a conflict.
     */
    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        CloudWatchLogsClient logs = context.aws().logs();
        return group(logs, knownId.orElseGet(() -> groupName(context))).map(group -> {
            Map<String, String> tags = tags(logs, group);
            if (knownId.isEmpty()) {
                requireOurs(context, group, tags);
            }
            return live(group, tags);
        });
    }

    private void requireOurs(Context context, LogGroup group, Map<String, String> tags) {
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
        return new Live(group.logGroupName(), arn, Map.of("name", group.logGroupName(), "arn", arn), observed);
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
    public Live create(Context context) {
        CloudWatchLogsClient logs = context.aws().logs();
        String name = groupName(context);
        try {
            logs.createLogGroup(r -> r.logGroupName(name).tags(context.tags(address)));
        } catch (ResourceAlreadyExistsException e) {
            // a create retried after a crash: the group is brought in line below
        }
        LogGroup group = group(logs, name).orElseThrow(() -> new ResourceException(address, "log group " + name
                + " was created but DescribeLogGroups does not list it"));
        Map<String, String> tags = tags(logs, group);
        requireOurs(context, group, tags);
        Live created = live(group, tags);
        List<Difference> differences = diff(context, created);
        return differences.isEmpty() ? created : update(context, created, differences);
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("retentionDays", String.valueOf(settings.retentionDays()),
                "tags", Tags.ours(context.tags(address)));
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        CloudWatchLogsClient logs = context.aws().logs();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        if (fields.contains("retentionDays")) {
            logs.putRetentionPolicy(r -> r.logGroupName(live.physicalId()).retentionInDays(settings.retentionDays()));
        }
        if (fields.contains("tags")) {
            logs.tagResource(r -> r.resourceArn(live.arn()).tags(context.tags(address)));
        }
        return group(logs, live.physicalId()).map(group -> live(logs, group)).orElseThrow(() ->
                new ResourceException(address, "log group " + live.physicalId() + " disappeared while it was being updated"));
    }

    @Override
    public void delete(Context context, Live live) {
        try {
            context.aws().logs().deleteLogGroup(r -> r.logGroupName(live.physicalId()));
        } catch (ResourceNotFoundException e) {
            // already gone
        }
    }
}
