package dev.yocto.resources.compute.site;

import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.compute.OriginHeader;
import dev.yocto.resources.data.cdn.CloudFrontSupport;
import dev.yocto.resources.data.cdn.DistributionKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudfront.model.AllowedMethods;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.CustomErrorResponse;
import software.amazon.awssdk.services.cloudfront.model.CustomErrorResponses;
import software.amazon.awssdk.services.cloudfront.model.CustomOriginConfig;
import software.amazon.awssdk.services.cloudfront.model.DefaultCacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.Distribution;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.HttpVersion;
import software.amazon.awssdk.services.cloudfront.model.Method;
import software.amazon.awssdk.services.cloudfront.model.MinimumProtocolVersion;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.OriginCustomHeader;
import software.amazon.awssdk.services.cloudfront.model.OriginProtocolPolicy;
import software.amazon.awssdk.services.cloudfront.model.PriceClass;
import software.amazon.awssdk.services.cloudfront.model.SSLSupportMethod;
import software.amazon.awssdk.services.cloudfront.model.SslProtocol;
import software.amazon.awssdk.services.cloudfront.model.ViewerCertificate;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

/**
 * The frontend's CloudFront distribution at {@code <site>.<domain>}: by default it serves the site
 * bucket through the stack's origin access control (redirecting HTTP to HTTPS, root object
 * {@code index.html}, a missing key answered with {@code index.html} and 200 so the single-page
 * app routes it); {@code /api/*} goes uncached to the load balancer at {@code api.<site>.<domain>},
 * HTTPS only both ways, with every viewer header but Host (the ALB's certificate is for the API
 * name), adding the secret {@link OriginHeader} without which the load balancer answers 403. Both
 * behaviours send the site's security headers (a response headers policy). The viewer certificate
 * is the us-east-1 one. Every field it sets is compared on each run; the origin header as a digest.
 *
 * @param siteDomain           the viewer's name (the alias)
 * @param apiDomain            the load balancer's name
 * @param bucketDomain         the site bucket's regional domain name
 * @param originAccessControl  the id of the stack's origin access control
 * @param certificateArn       the us-east-1 certificate
 * @param headersPolicy        the id of the site's response headers policy
 * @param originSecretArn      the secret holding the origin header's value
 * @param webAcl               the ARN of the optional WAF web ACL ({@code waf.enabled})
 */
public record SiteDistribution(String siteDomain, String apiDomain, Ref<String> bucketDomain,
                               Ref<String> originAccessControl, Ref<String> certificateArn,
                               Ref<String> headersPolicy, Ref<String> originSecretArn, Optional<Ref<String>> webAcl)
        implements DistributionKind.Settings {

    /** AWS's managed cache policy CachingDisabled. */
    static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    /** AWS's managed origin request policy AllViewerExceptHostHeader. */
    static final String ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
    static final String API_PATH = "/api/*";
    static final String SITE_ORIGIN = "site-bucket";
    static final String API_ORIGIN = "api";
    static final String INDEX = "index.html";
    /** How long CloudFront keeps the answer to a missing key before asking the bucket again. */
    static final long ERROR_CACHING_SECONDS = 10;
    private static final List<Method> ALL_METHODS = List.of(Method.GET, Method.HEAD, Method.OPTIONS, Method.PUT,
            Method.POST, Method.PATCH, Method.DELETE);
    private static final List<Method> READ_METHODS = List.of(Method.GET, Method.HEAD);
    /** The observed field of the site origin's access settings, which moto does not report. */
    private static final String SITE_ORIGIN_ACCESS = "origin " + SITE_ORIGIN + " access";

    @Override
    public DistributionConfig config(Context context, String callerReference) {
        Origin site = Origin.builder().id(SITE_ORIGIN)
                .domainName(context.value(bucketDomain))
                .s3OriginConfig(s -> s.originAccessIdentity(""))
                .originAccessControlId(context.value(originAccessControl)).build();
        Origin api = Origin.builder().id(API_ORIGIN).domainName(apiDomain)
                .customOriginConfig(c -> c.httpPort(80).httpsPort(443)
                        .originProtocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                        .originSslProtocols(p -> p.quantity(1).items(SslProtocol.TLS_V1_2))
                        .originReadTimeout(30).originKeepaliveTimeout(5))
                .customHeaders(h -> h.quantity(1).items(OriginCustomHeader.builder().headerName(OriginHeader.NAME)
                        .headerValue(OriginHeader.value(context, originSecretArn)).build()))
                .build();
        String headers = context.value(headersPolicy);
        // https-only rather than a redirect for the API: a redirected POST would lose its body.
        CacheBehavior apiBehavior = CacheBehavior.builder().pathPattern(API_PATH).targetOriginId(API_ORIGIN)
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY).cachePolicyId(CACHING_DISABLED)
                .originRequestPolicyId(ALL_VIEWER_EXCEPT_HOST_HEADER).responseHeadersPolicyId(headers).compress(true)
                .allowedMethods(methods(ALL_METHODS)).build();
        return DistributionConfig.builder().callerReference(callerReference).enabled(true)
                .comment(context.stack() + " site")
                .aliases(a -> a.quantity(1).items(siteDomain))
                .defaultRootObject(INDEX)
                .origins(o -> o.quantity(2).items(site, api))
                .defaultCacheBehavior(b -> b.targetOriginId(SITE_ORIGIN)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicyId(CloudFrontSupport.CACHING_OPTIMIZED).responseHeadersPolicyId(headers)
                        .compress(true).allowedMethods(methods(READ_METHODS)))
                .cacheBehaviors(c -> c.quantity(1).items(apiBehavior))
                .customErrorResponses(e -> e.quantity(1).items(CustomErrorResponse.builder().errorCode(404)
                        .responsePagePath("/" + INDEX).responseCode("200").errorCachingMinTTL(ERROR_CACHING_SECONDS)
                        .build()))
                .viewerCertificate(v -> v.cloudFrontDefaultCertificate(false)
                        .acmCertificateArn(context.value(certificateArn))
                        .sslSupportMethod(SSLSupportMethod.SNI_ONLY)
                        .minimumProtocolVersion(MinimumProtocolVersion.TLS_V1_2_2021))
                .priceClass(PriceClass.PRICE_CLASS_100).httpVersion(HttpVersion.HTTP2_AND3).isIPV6Enabled(true)
                .webACLId(webAcl.map(context::value).orElse(""))
                .build();
    }

    private static AllowedMethods methods(List<Method> allowed) {
        return AllowedMethods.builder().quantity(allowed.size()).items(allowed)
                .cachedMethods(c -> c.quantity(READ_METHODS.size()).items(READ_METHODS)).build();
    }

    /** The compared fields of a configuration, described the same way for the desired and the live one. */
    static Map<String, String> fields(DistributionConfig config) {
        Map<String, String> fields = new TreeMap<>();
        fields.put("enabled", String.valueOf(config.enabled()));
        fields.put("aliases", config.aliases() == null ? "" : sorted(config.aliases().items()));
        fields.put("certificate", certificate(config.viewerCertificate()));
        fields.put("defaultRootObject", String.valueOf(config.defaultRootObject()));
        fields.put("httpVersion", config.httpVersionAsString());
        fields.put("ipv6", String.valueOf(config.isIPV6Enabled()));
        fields.put("priceClass", config.priceClassAsString());
        List<Origin> origins = config.origins().items();
        fields.put("origins", sorted(origins.stream().map(Origin::id).toList()));
        for (Origin origin : origins) {
            fields.put("origin " + origin.id(), origin(origin));
            if (origin.s3OriginConfig() != null || origin.originAccessControlId() != null) {
                fields.put("origin " + origin.id() + " access", "oac=" + origin.originAccessControlId() + " oai="
                        + (origin.s3OriginConfig() == null ? "none" : origin.s3OriginConfig().originAccessIdentity()));
            }
        }
        DefaultCacheBehavior fallback = config.defaultCacheBehavior();
        fields.put("behavior default", behavior(fallback.targetOriginId(), fallback.viewerProtocolPolicyAsString(),
                fallback.cachePolicyId(), fallback.originRequestPolicyId(), fallback.responseHeadersPolicyId(),
                fallback.compress(), fallback.allowedMethods()));
        List<CacheBehavior> behaviors = config.cacheBehaviors() == null ? List.of() : config.cacheBehaviors().items();
        fields.put("behaviors", sorted(behaviors.stream().map(CacheBehavior::pathPattern).toList()));
        for (CacheBehavior b : behaviors) {
            fields.put("behavior " + b.pathPattern(), behavior(b.targetOriginId(), b.viewerProtocolPolicyAsString(),
                    b.cachePolicyId(), b.originRequestPolicyId(), b.responseHeadersPolicyId(), b.compress(),
                    b.allowedMethods()));
        }
        fields.put("customErrorResponses", errorResponses(config.customErrorResponses()));
        fields.put("webAcl", config.webACLId() == null || config.webACLId().isEmpty() ? "none" : config.webACLId());
        return fields;
    }

    private static String certificate(ViewerCertificate certificate) {
        if (certificate == null || Boolean.TRUE.equals(certificate.cloudFrontDefaultCertificate())) {
            return "cloudfront-default";
        }
        return certificate.acmCertificateArn() + " " + certificate.sslSupportMethodAsString() + " "
                + certificate.minimumProtocolVersionAsString();
    }

    private static String origin(Origin origin) {
        CustomOriginConfig custom = origin.customOriginConfig();
        if (custom == null) {
            return origin.domainName();
        }
        return origin.domainName() + " " + custom.originProtocolPolicyAsString() + " "
                + (custom.originSslProtocols() == null ? "" : sorted(custom.originSslProtocols().itemsAsStrings()))
                + " ports " + custom.httpPort() + "/" + custom.httpsPort() + " headers "
                + (origin.customHeaders() == null ? "" : sorted(origin.customHeaders().items().stream()
                .map(h -> h.headerName() + "=" + OriginHeader.digest(h.headerValue())).toList()));
    }

    private static String behavior(String origin, String viewerPolicy, String cachePolicy, String originRequestPolicy,
                                   String headersPolicy, Boolean compress, AllowedMethods methods) {
        return "origin=" + origin + " viewer=" + viewerPolicy + " cachePolicy=" + orNone(cachePolicy)
                + " originRequestPolicy=" + orNone(originRequestPolicy) + " headersPolicy=" + orNone(headersPolicy)
                + " compress=" + Boolean.TRUE.equals(compress)
                + " methods=" + (methods == null ? "" : sorted(methods.itemsAsStrings()))
                + " cached=" + (methods == null || methods.cachedMethods() == null ? ""
                : sorted(methods.cachedMethods().itemsAsStrings()));
    }

    private static String errorResponses(CustomErrorResponses responses) {
        if (responses == null || responses.items() == null) {
            return "";
        }
        return responses.items().stream().map(r -> r.errorCode() + " -> " + r.responsePagePath() + " "
                + r.responseCode() + " ttl=" + r.errorCachingMinTTL()).sorted().collect(Collectors.joining("; "));
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? "none" : value;
    }

    private static String sorted(List<String> values) {
        return values.stream().sorted().collect(Collectors.joining(","));
    }

    /** The site origin's access settings are compared only where the API reports them ({@code Emulation}). */
    @Override
    public Map<String, String> desiredFields(Context context) {
        Map<String, String> desired = fields(config(context, ""));
        if (!context.emulation().reportsOriginAccessControl()) {
            desired.remove(SITE_ORIGIN_ACCESS);
        }
        return desired;
    }

    @Override
    public Map<String, String> observed(Distribution distribution) {
        return fields(distribution.distributionConfig());
    }
}
