package dev.yocto.resources.data.cdn;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Output;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.NoSuchOriginAccessControlException;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlConfig;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlInUseException;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlOriginTypes;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSummary;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSigningBehaviors;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSigningProtocols;

/**
 * The origin access control through which both image distributions sign their requests to S3.
 * Not taggable: found by its name, which holds the stack.
 */
public final class OriginAccessControlKind implements Kind<OriginAccessControlKind.Settings> {

    public static final String ID = "cloudfront:origin-access-control";
    public static final OriginAccessControlKind KIND = new OriginAccessControlKind();
    public static final Output<String> CONTROL_ID = Output.attribute(ID, "id");
    private static final Duration IN_USE_TIMEOUT = Duration.ofMinutes(30);

    /** SigV4, always signing, for S3 origins: the same for every stack. */
    public record Settings() {
    }

    private OriginAccessControlKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    private static OriginAccessControlConfig config(String name) {
        return OriginAccessControlConfig.builder().name(name).description("Yoctogram image buckets")
                .signingProtocol(OriginAccessControlSigningProtocols.SIGV4)
                .signingBehavior(OriginAccessControlSigningBehaviors.ALWAYS)
                .originAccessControlOriginType(OriginAccessControlOriginTypes.S3).build();
    }

    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        String name = CloudFrontSupport.name(context, address);
        List<OriginAccessControlSummary> all = CloudFrontSupport.originAccessControls(
                context.aws().cloudFront());
        return CloudFrontSupport.byIdOrName(all, knownId, name, OriginAccessControlSummary::id,
                        OriginAccessControlSummary::name)
                .map(summary -> live(summary.id(), summary.signingBehaviorAsString(), summary.signingProtocolAsString(),
                        summary.originAccessControlOriginTypeAsString()));
    }

    private static Live live(String id, String behavior, String protocol, String originType) {
        return Live.of(id, Map.of("id", id), Map.of("signingBehavior", behavior, "signingProtocol", protocol,
                "originType", originType));
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        OriginAccessControlConfig config = config(CloudFrontSupport.name(context, desired.address()));
        String id = context.aws().cloudFront().createOriginAccessControl(r -> r.originAccessControlConfig(config))
                .originAccessControl().id();
        return live(id, config.signingBehaviorAsString(), config.signingProtocolAsString(),
                config.originAccessControlOriginTypeAsString());
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        OriginAccessControlConfig config = config("");
        return Map.of("signingBehavior", config.signingBehaviorAsString(), "signingProtocol",
                config.signingProtocolAsString(), "originType", config.originAccessControlOriginTypeAsString());
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("originType");
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        CloudFrontClient cloudFront = context.aws().cloudFront();
        String etag = cloudFront.getOriginAccessControl(r -> r.id(live.physicalId())).eTag();
        OriginAccessControlConfig config = config(CloudFrontSupport.name(context, desired.address()));
        cloudFront.updateOriginAccessControl(r -> r.id(live.physicalId()).ifMatch(etag).originAccessControlConfig(config));
        return live(live.physicalId(), config.signingBehaviorAsString(), config.signingProtocolAsString(),
                config.originAccessControlOriginTypeAsString());
    }

    /** CloudFront refuses while a distribution being deleted still names it. */
    @Override
    public void delete(Context context, Address address, Live live) {
        CloudFrontClient cloudFront = context.aws().cloudFront();
        Poll.until(context, address, "origin access control " + live.physicalId() + " to be released",
                IN_USE_TIMEOUT, () -> {
                    try {
                        String etag = cloudFront.getOriginAccessControl(r -> r.id(live.physicalId())).eTag();
                        cloudFront.deleteOriginAccessControl(r -> r.id(live.physicalId()).ifMatch(etag));
                        return Optional.of(true);
                    } catch (NoSuchOriginAccessControlException e) {
                        return Optional.of(true);
                    } catch (OriginAccessControlInUseException e) {
                        return Optional.empty();
                    }
                });
    }
}
