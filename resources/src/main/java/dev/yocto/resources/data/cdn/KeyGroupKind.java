package dev.yocto.resources.data.cdn;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Ref;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.KeyGroup;
import software.amazon.awssdk.services.cloudfront.model.KeyGroupConfig;
import software.amazon.awssdk.services.cloudfront.model.NoSuchResourceException;
import software.amazon.awssdk.services.cloudfront.model.PublicKeySummary;
import software.amazon.awssdk.services.cloudfront.model.ResourceInUseException;

/** The key group the private distribution trusts: signed URLs made with the stack's key. Found by name. */
public final class KeyGroupKind implements Kind<KeyGroupKind.Settings> {

    public static final String ID = "cloudfront:key-group";
    public static final KeyGroupKind KIND = new KeyGroupKind();
    public static final Output<String> GROUP_ID = Output.attribute(ID, "id");
    private static final Duration IN_USE_TIMEOUT = Duration.ofMinutes(30);

    public record Settings(Ref<String> publicKeyId) {
    }

    private KeyGroupKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        CloudFrontClient cloudFront = context.aws().cloudFront();
        List<KeyGroup> groups = CloudFrontSupport.keyGroups(cloudFront);
        if (!context.emulation().deletesKeyGroups()) {
            // Such an emulator keeps the groups teardown could not delete; theirs keys are gone.
            Set<String> keys = CloudFrontSupport.publicKeys(cloudFront).stream()
                    .map(PublicKeySummary::id).collect(Collectors.toSet());
            groups = groups.stream().filter(g -> g.keyGroupConfig().items().stream().anyMatch(keys::contains)).toList();
        }
        return CloudFrontSupport.byIdOrName(groups, knownId, CloudFrontSupport.name(context, address), KeyGroup::id,
                g -> g.keyGroupConfig().name()).map(KeyGroupKind::live);
    }

    private static Live live(KeyGroup group) {
        return Live.of(group.id(), Map.of("id", group.id()), Map.of("publicKeys",
                group.keyGroupConfig().items().stream().sorted().collect(Collectors.joining(","))));
    }

    private static KeyGroupConfig config(Context context, Desired<Settings> desired) {
        return KeyGroupConfig.builder().name(CloudFrontSupport.name(context, desired.address()))
                .items(context.value(desired.settings().publicKeyId())).comment("Yoctogram signed image URLs").build();
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        return live(context.aws().cloudFront().createKeyGroup(r -> r.keyGroupConfig(config(context, desired)))
                .keyGroup());
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("publicKeys", context.value(desired.settings().publicKeyId()));
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        CloudFrontClient cloudFront = context.aws().cloudFront();
        String etag = cloudFront.getKeyGroup(r -> r.id(live.physicalId())).eTag();
        return live(cloudFront.updateKeyGroup(r -> r.id(live.physicalId()).ifMatch(etag)
                .keyGroupConfig(config(context, desired))).keyGroup());
    }

    /** CloudFront refuses while a distribution being deleted still trusts it. */
    @Override
    public void delete(Context context, Address address, Live live) {
        if (!context.emulation().deletesKeyGroups()) {
            context.report(address, "key group " + live.physicalId() + " left in place: the emulator cannot delete "
                    + "key groups");
            return;
        }
        CloudFrontClient cloudFront = context.aws().cloudFront();
        Poll.until(context, address, "key group " + live.physicalId() + " to be released", IN_USE_TIMEOUT, () -> {
            try {
                String etag = cloudFront.getKeyGroup(r -> r.id(live.physicalId())).eTag();
                cloudFront.deleteKeyGroup(r -> r.id(live.physicalId()).ifMatch(etag));
                return Optional.of(true);
            } catch (NoSuchResourceException e) {
                return Optional.of(true);
            } catch (ResourceInUseException e) {
                return Optional.empty();
            }
        });
    }
}
