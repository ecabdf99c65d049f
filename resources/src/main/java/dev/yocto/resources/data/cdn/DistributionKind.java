package dev.yocto.resources.data.cdn;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudfront.model.Distribution;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;

/**
 * A CloudFront distribution of the stack, whatever it serves: found by id or tags, created with its
 * tags, updated with the ETag, disabled and deployed before it is deleted ({@link CloudFrontSupport}).
 * What it serves is in its settings: {@link ImageDistribution} for the image buckets. Create does not
 * wait for deployment (nothing in the stack needs it).
 */
public final class DistributionKind implements Kind<DistributionKind.Settings> {

    public static final String ID = "cloudfront:distribution";
    public static final DistributionKind KIND = new DistributionKind();
    public static final Output<String> DISTRIBUTION_ID = Output.attribute(ID, "id");
    public static final Output<String> ARN = Output.attribute(ID, "arn");
    public static final Output<String> DOMAIN_NAME = Output.attribute(ID, "domainName");

    /** What one distribution serves and how; implementations are records (settings hash into state). */
    public interface Settings {

        /** The whole configuration, references resolved through {@code context}. */
        DistributionConfig config(Context context, String callerReference);

        /** The fields compared, as {@link Kind#desiredFields}. */
        Map<String, String> desiredFields(Context context);

        /** The same fields as read from AWS. */
        Map<String, String> observed(Distribution distribution);
    }

    private DistributionKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    /** Without settings (an orphan) only what deleting it needs is read: its status. */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        return CloudFrontSupport.findDistribution(context, address, knownId).map(distribution -> live(distribution,
                settings.map(s -> s.observed(distribution)).orElse(Map.of("status", distribution.status()))));
    }

    private static Live live(Distribution distribution, Map<String, String> observed) {
        return new Live(distribution.id(), distribution.arn(), Map.of("id", distribution.id(),
                "arn", distribution.arn(), "domainName", distribution.domainName()), observed);
    }

    private static Live live(Distribution distribution, Settings settings) {
        return live(distribution, settings.observed(distribution));
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        return live(CloudFrontSupport.createDistribution(context, desired.address(),
                desired.settings().config(context, context.uniqueReference(desired.address()))), desired.settings());
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return desired.settings().desiredFields(context);
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        return live(CloudFrontSupport.updateDistribution(context, live.physicalId(),
                callerReference -> desired.settings().config(context, callerReference)), desired.settings());
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        CloudFrontSupport.deleteDistribution(context, address, live.physicalId());
    }
}
