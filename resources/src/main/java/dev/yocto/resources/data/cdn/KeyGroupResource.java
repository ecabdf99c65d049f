package dev.yocto.resources.data.cdn;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Resource;
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
public final class KeyGroupResource implements Resource {

    private static final Duration IN_USE_TIMEOUT = Duration.ofMinutes(30);

    private final Address address;
    private final Address publicKey;

    public KeyGroupResource(Address address, Address publicKey) {
        this.address = address;
        this.publicKey = publicKey;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "cloudfront:key-group";
    }

    @Override
    public Set<Address> dependencies() {
        return Set.of(publicKey);
    }

    @Override
    public Object settings() {
        return publicKey.value();
    }

    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        CloudFrontClient cloudFront = context.aws().cloudFront();
        List<KeyGroup> groups = CloudFrontSupport.keyGroups(cloudFront);
        if (!context.emulation().deletesKeyGroups()) {
            // Such an emulator keeps the groups teardown could not delete; theirs keys are gone.
            Set<String> keys = CloudFrontSupport.publicKeys(cloudFront).stream()
                    .map(PublicKeySummary::id).collect(Collectors.toSet());
            groups = groups.stream().filter(g -> g.keyGroupConfig().items().stream().anyMatch(keys::contains)).toList();
        }
        return CloudFrontSupport.byIdOrName(groups, knownId, CloudFrontSupport.name(context, address), KeyGroup::id,
                g -> g.keyGroupConfig().name()).map(KeyGroupResource::live);
    }

    private static Live live(KeyGroup group) {
        return Live.of(group.id(), Map.of("id", group.id()), Map.of("publicKeys",
                group.keyGroupConfig().items().stream().sorted().collect(Collectors.joining(","))));
    }

    private KeyGroupConfig config(Context context) {
        return KeyGroupConfig.builder().name(CloudFrontSupport.name(context, address))
                .items(context.dependency(publicKey).physicalId()).comment("Yoctogram signed image URLs").build();
    }

    @Override
    public Live create(Context context) {
        return live(context.aws().cloudFront().createKeyGroup(r -> r.keyGroupConfig(config(context))).keyGroup());
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("publicKeys", context.dependency(publicKey).physicalId());
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        CloudFrontClient cloudFront = context.aws().cloudFront();
        String etag = cloudFront.getKeyGroup(r -> r.id(live.physicalId())).eTag();
        return live(cloudFront.updateKeyGroup(r -> r.id(live.physicalId()).ifMatch(etag)
                .keyGroupConfig(config(context))).keyGroup());
    }

    /** CloudFront refuses while a distribution being deleted still trusts it. */
    @Override
    public void delete(Context context, Live live) {
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
