package dev.yocto.resources.data.cdn;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Discovered;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.GetResponseHeadersPolicyConfigResponse;
import software.amazon.awssdk.services.cloudfront.model.NoSuchResponseHeadersPolicyException;
import software.amazon.awssdk.services.cloudfront.model.PreconditionFailedException;
import software.amazon.awssdk.services.cloudfront.model.ResponseHeadersPolicy;
import software.amazon.awssdk.services.cloudfront.model.ResponseHeadersPolicyAlreadyExistsException;
import software.amazon.awssdk.services.cloudfront.model.ResponseHeadersPolicyConfig;
import software.amazon.awssdk.services.cloudfront.model.ResponseHeadersPolicyInUseException;
import software.amazon.awssdk.services.cloudfront.model.ResponseHeadersPolicySecurityHeadersConfig;

/**
 * A CloudFront response-headers policy: the security headers a distribution adds to every answer,
 * overriding any the origin sent. Named {@code <stack>-<address>}. CloudFront takes no tags on
 * these policies, so the stack and the address are written into its comment
 * ({@code yocto:stack=<stack> yocto:resource=<address>}): a policy of our name without our stack
 * there is someone else's and is refused, and teardown finds orphans by it.
 *
 * <p>Delete waits while a distribution still uses it (ResponseHeadersPolicyInUse): the distribution
 * that named it is deleted first, and an update that dropped it must deploy before the policy is free.
 */
public final class ResponseHeadersPolicyKind implements Kind<ResponseHeadersPolicyKind.Settings> {

    public static final String ID = "cloudfront:response-headers-policy";
    public static final ResponseHeadersPolicyKind KIND = new ResponseHeadersPolicyKind();
    public static final Output<String> POLICY_ID = Output.attribute(ID, "id");
    /** One year (the HSTS age; the preload list asks for at least that). */
    public static final long ONE_YEAR_SECONDS = 31_536_000;
    private static final Duration IN_USE_TIMEOUT = Duration.ofMinutes(30);
    private static final String LISTING = "cloudfront:response-headers-policies";

    /**
     * @param hstsMaxAgeSeconds      {@code Strict-Transport-Security: max-age=…; includeSubDomains}, none if empty
     * @param frameOption            {@code X-Frame-Options} ({@code DENY}), none if empty
     * @param referrerPolicy         {@code Referrer-Policy}, none if empty
     * @param contentSecurityPolicy  the CSP, with {@code {0}}, {@code {1}}… standing for the host names in {@code hosts}
     * @param hosts                  host names of other resources the CSP names (image CDNs, buckets)
     * {@code X-Content-Type-Options: nosniff} is always sent.
     */
    public record Settings(Optional<Long> hstsMaxAgeSeconds, Optional<String> frameOption,
                           Optional<String> referrerPolicy, String contentSecurityPolicy, List<Ref<String>> hosts) {

        public Settings {
            hosts = List.copyOf(hosts);
        }

        /**
         * Served images: never rendered as anything but what their Content-Type says ({@code nosniff}),
         * and an image opened on its own loads and runs nothing ({@code default-src 'none'; sandbox}).
         */
        public static Settings images() {
            return new Settings(Optional.empty(), Optional.empty(), Optional.empty(), "default-src 'none'; sandbox",
                    List.of());
        }

        /**
         * The web app: HSTS for a year, not framed anywhere, the referrer's origin only across sites, and
         * a CSP of {@code 'self'} (the API is {@code /api} on the same host) plus the image CDNs for
         * images and the upload buckets for connections. {@code data:} is the inline favicon of
         * index.html, {@code blob:} the upload page's preview of the chosen file.
         */
        public static Settings site(List<Ref<String>> imageHosts, List<Ref<String>> uploadHosts) {
            List<Ref<String>> hosts = new ArrayList<>(imageHosts);
            hosts.addAll(uploadHosts);
            StringBuilder images = new StringBuilder();
            StringBuilder uploads = new StringBuilder();
            for (int i = 0; i < hosts.size(); i++) {
                (i < imageHosts.size() ? images : uploads).append(" https://{").append(i).append('}');
            }
            String csp = "default-src 'self'; img-src 'self' data: blob:" + images + "; connect-src 'self'" + uploads
                    + "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            return new Settings(Optional.of(ONE_YEAR_SECONDS), Optional.of("DENY"),
                    Optional.of("strict-origin-when-cross-origin"), csp, hosts);
        }
    }

    private ResponseHeadersPolicyKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * From the account's custom policies, listed once per run: ListResponseHeadersPolicies returns
     * each policy's whole configuration (ResponseHeadersPolicySummary.ResponseHeadersPolicy), so
     * the stack's policies cost one call, not one GetResponseHeadersPolicy each; by the id from
     * state, else by its name. An id in state missing from the listing is asked for directly. No
     * ETag is needed to observe: update reads it when it changes something.
     */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        CloudFrontClient cloudFront = context.aws().cloudFront();
        Optional<ResponseHeadersPolicy> found = knownId.flatMap(id -> custom(context).stream()
                .filter(p -> id.equals(p.id())).findFirst().or(() -> byId(cloudFront, id)));
        if (found.isEmpty()) {
            String name = CloudFrontSupport.name(context, address);
            found = custom(context).stream().filter(p -> name.equals(p.responseHeadersPolicyConfig().name()))
                    .findFirst();
            found.ifPresent(policy -> requireOurs(context, address, policy));
        }
        return found.map(ResponseHeadersPolicyKind::live);
    }

    private static Optional<ResponseHeadersPolicy> byId(CloudFrontClient cloudFront, String id) {
        try {
            return Optional.of(cloudFront.getResponseHeadersPolicy(r -> r.id(id)).responseHeadersPolicy());
        } catch (NoSuchResponseHeadersPolicyException e) {
            return Optional.empty();
        }
    }

    private static List<ResponseHeadersPolicy> custom(Context context) {
        return context.listing(LISTING, () -> listNow(context));
    }

    /** The stack and address this policy's comment names, as tags. */
    private static Map<String, String> marks(ResponseHeadersPolicy policy) {
        Map<String, String> marks = new HashMap<>();
        String comment = policy.responseHeadersPolicyConfig().comment();
        for (String word : comment == null ? new String[0] : comment.split(" ")) {
            int equals = word.indexOf('=');
            if (equals > 0) {
                marks.put(word.substring(0, equals), word.substring(equals + 1));
            }
        }
        return marks;
    }

    private static String comment(Context context, Address address) {
        return Tags.STACK + "=" + context.stack() + " " + Tags.RESOURCE + "=" + address.value();
    }

    private static void requireOurs(Context context, Address address, ResponseHeadersPolicy policy) {
        String theirs = marks(policy).getOrDefault(Tags.STACK, "none");
        if (!context.stack().equals(theirs)) {
            throw new ResourceException(address, "response headers policy " + policy.responseHeadersPolicyConfig().name()
                    + " (" + policy.id() + ") exists but its comment does not name " + Tags.STACK + "="
                    + context.stack() + " (it names: " + theirs + "); it belongs to something else: delete it, or "
                    + "choose another stack name. yocto will not take it over");
        }
    }

    /** Every custom policy whose comment names this stack, by the address the comment names. */
    @Override
    public List<Discovered> discover(Context context) {
        return custom(context).stream().filter(policy -> context.stack().equals(marks(policy).get(Tags.STACK)))
                .filter(policy -> marks(policy).containsKey(Tags.RESOURCE))
                .map(policy -> new Discovered(Address.of(marks(policy).get(Tags.RESOURCE)), policy.id())).toList();
    }

    private static Live live(ResponseHeadersPolicy policy) {
        return new Live(policy.id(), policy.id(), Map.of(POLICY_ID.name(), policy.id()),
                fields(policy.responseHeadersPolicyConfig()));
    }

    /** The compared fields of a configuration, desired or read back. */
    private static Map<String, String> fields(ResponseHeadersPolicyConfig config) {
        ResponseHeadersPolicySecurityHeadersConfig security = config.securityHeadersConfig();
        Map<String, String> fields = new HashMap<>();
        fields.put("name", config.name());
        fields.put("comment", String.valueOf(config.comment()));
        fields.put("strictTransportSecurity", security == null || security.strictTransportSecurity() == null ? "none"
                : "max-age=" + security.strictTransportSecurity().accessControlMaxAgeSec() + " includeSubDomains="
                + security.strictTransportSecurity().includeSubdomains() + " preload="
                + security.strictTransportSecurity().preload() + override(security.strictTransportSecurity().override()));
        fields.put("contentTypeOptions", security == null || security.contentTypeOptions() == null ? "none"
                : "nosniff" + override(security.contentTypeOptions().override()));
        fields.put("frameOptions", security == null || security.frameOptions() == null ? "none"
                : security.frameOptions().frameOptionAsString() + override(security.frameOptions().override()));
        fields.put("referrerPolicy", security == null || security.referrerPolicy() == null ? "none"
                : security.referrerPolicy().referrerPolicyAsString() + override(security.referrerPolicy().override()));
        fields.put("contentSecurityPolicy", security == null || security.contentSecurityPolicy() == null ? "none"
                : security.contentSecurityPolicy().contentSecurityPolicy()
                + override(security.contentSecurityPolicy().override()));
        List<String> others = new ArrayList<>();
        if (security != null && security.xssProtection() != null) {
            others.add("xssProtection");
        }
        if (config.corsConfig() != null) {
            others.add("cors");
        }
        if (config.customHeadersConfig() != null && config.customHeadersConfig().quantity() != null
                && config.customHeadersConfig().quantity() > 0) {
            others.add("customHeaders");
        }
        if (config.removeHeadersConfig() != null && config.removeHeadersConfig().quantity() != null
                && config.removeHeadersConfig().quantity() > 0) {
            others.add("removeHeaders");
        }
        if (config.serverTimingHeadersConfig() != null
                && Boolean.TRUE.equals(config.serverTimingHeadersConfig().enabled())) {
            others.add("serverTiming");
        }
        fields.put("others", others.isEmpty() ? "none" : String.join(",", others));
        return fields;
    }

    private static String override(Boolean override) {
        return Boolean.TRUE.equals(override) ? "" : " (origin's kept)";
    }

    static ResponseHeadersPolicyConfig config(Context context, Address address, Settings settings) {
        String csp = settings.contentSecurityPolicy();
        for (int i = 0; i < settings.hosts().size(); i++) {
            csp = csp.replace("{" + i + "}", context.value(settings.hosts().get(i)));
        }
        String contentSecurityPolicy = csp;
        return ResponseHeadersPolicyConfig.builder().name(CloudFrontSupport.name(context, address))
                .comment(comment(context, address))
                .securityHeadersConfig(s -> {
                    s.contentTypeOptions(c -> c.override(true))
                            .contentSecurityPolicy(c -> c.override(true).contentSecurityPolicy(contentSecurityPolicy));
                    settings.hstsMaxAgeSeconds().ifPresent(age -> s.strictTransportSecurity(h -> h.override(true)
                            .accessControlMaxAgeSec(Math.toIntExact(age)).includeSubdomains(true).preload(false)));
                    settings.frameOption().ifPresent(option -> s.frameOptions(f -> f.override(true).frameOption(option)));
                    settings.referrerPolicy().ifPresent(policy -> s.referrerPolicy(r -> r.override(true)
                            .referrerPolicy(policy)));
                }).build();
    }

    /**
     * CreateResponseHeadersPolicy has no idempotency token, but names are unique in the account: a
     * create retried after a lost answer finds the first one by name and brings it in line.
     */
    @Override
    public Live create(Context context, Desired<Settings> desired) {
        context.forgetListings(LISTING);
        ResponseHeadersPolicyConfig config = config(context, desired.address(), desired.settings());
        try {
            return live(context.aws().cloudFront().createResponseHeadersPolicy(r -> r
                    .responseHeadersPolicyConfig(config)).responseHeadersPolicy());
        } catch (ResponseHeadersPolicyAlreadyExistsException e) {
            ResponseHeadersPolicy existing = listNow(context).stream()
                    .filter(p -> config.name().equals(p.responseHeadersPolicyConfig().name())).findFirst()
                    .orElseThrow(() -> e);
            requireOurs(context, desired.address(), existing);
            return update(context, desired, live(existing), List.of());
        }
    }

    private static List<ResponseHeadersPolicy> listNow(Context context) {
        return CloudFrontSupport.customResponseHeadersPolicies(context.aws().cloudFront());
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return fields(config(context, desired.address(), desired.settings()));
    }

    /** The whole configuration at once, under the ETag just read. */
    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        context.forgetListings(LISTING);
        CloudFrontClient cloudFront = context.aws().cloudFront();
        String id = live.physicalId();
        GetResponseHeadersPolicyConfigResponse current = cloudFront.getResponseHeadersPolicyConfig(r -> r.id(id));
        ResponseHeadersPolicyConfig config = config(context, desired.address(), desired.settings());
        return live(cloudFront.updateResponseHeadersPolicy(r -> r.id(id).ifMatch(current.eTag())
                .responseHeadersPolicyConfig(config)).responseHeadersPolicy());
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        context.forgetListings(LISTING);
        CloudFrontClient cloudFront = context.aws().cloudFront();
        String id = live.physicalId();
        Poll.until(context, address, "response headers policy " + id + " to be no longer used by a distribution",
                IN_USE_TIMEOUT, () -> {
                    try {
                        String etag = cloudFront.getResponseHeadersPolicy(r -> r.id(id)).eTag();
                        cloudFront.deleteResponseHeadersPolicy(r -> r.id(id).ifMatch(etag));
                        return Optional.of(true);
                    } catch (NoSuchResponseHeadersPolicyException e) {
                        return Optional.of(true);
                    } catch (ResponseHeadersPolicyInUseException | PreconditionFailedException e) {
                        return Optional.empty();
                    }
                });
    }
}
