package dev.yocto.resources.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.yocto.state.S3Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code yocto.yaml} (every key optional) and validates all of it before any AWS call,
 * reporting every problem at once.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Set<String> TOP_KEYS = Set.of("stack", "region", "availabilityZones", "domain", "site",
            "parentZoneId", "vpcCidr", "natGateways", "database", "service", "image", "web", "state", "waf");
    private static final Set<String> DATABASE_KEYS = Set.of("engineVersion", "minCapacity", "maxCapacity",
            "deletionProtection");
    private static final Set<String> SERVICE_KEYS = Set.of("cpu", "memory", "desiredCount", "maxCount", "spotWeight");
    private static final Set<String> IMAGE_KEYS = Set.of("context", "platform");
    private static final Set<String> WEB_KEYS = Set.of("dir");
    private static final Set<String> WAF_KEYS = Set.of("enabled", "rateLimit");

    private ConfigLoader() {
    }

    /**
     * Loads the file, or the defaults when {@code file} is empty. The region is {@code regionOverride}
     * (--region) if given, else the file's, else {@code defaultRegion} (the SDK's region chain).
     */
    public static StackConfig load(Optional<Path> file, Optional<String> regionOverride, String defaultRegion) {
        if (file.isEmpty()) {
            return parse("defaults", "", regionOverride, defaultRegion);
        }
        Path path = file.get();
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(path.toString(), List.of("the file does not exist (pass an existing file to "
                    + "--config, or omit it to use the defaults)"));
        }
        try {
            return parse(path.toString(), Files.readString(path), regionOverride, defaultRegion);
        } catch (IOException e) {
            throw new ConfigException(path.toString(), List.of("cannot be read: " + e.getMessage()));
        }
    }

    /**
     * Loads as {@link #load(Optional, Optional, String)} with the paths made absolute as users expect:
     * {@code image.context} and {@code web.dir} given in the file are relative to the file's folder;
     * not given, they are yocto's own {@code app/} and {@code web/} under {@code home}.
     */
    public static StackConfig load(Optional<Path> file, Optional<String> regionOverride, String defaultRegion,
                                   Path home) {
        StackConfig config = load(file, regionOverride, defaultRegion);
        Optional<JsonNode> root = file.flatMap(ConfigLoader::tree);
        Path folder = file.map(path -> path.toAbsolutePath().getParent()).orElse(home);
        boolean contextGiven = root.map(r -> r.path("image").has("context")).orElse(false);
        boolean webGiven = root.map(r -> r.path("web").has("dir")).orElse(false);
        return config.withPaths((contextGiven ? folder : home).resolve(config.image().context()).normalize(),
                (webGiven ? folder : home).resolve(config.web().dir()).normalize());
    }

    private static Optional<JsonNode> tree(Path file) {
        try {
            return Optional.ofNullable(YAML.readTree(Files.readString(file))).filter(JsonNode::isObject);
        } catch (IOException e) {
            return Optional.empty(); // load() has reported it already
        }
    }

    public static StackConfig parse(String source, String yaml, Optional<String> regionOverride,
                                    String defaultRegion) {
        JsonNode parsed;
        try {
            parsed = yaml.isBlank() ? YAML.createObjectNode() : YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException(source, List.of("is not valid YAML" + where + ": " + e.getOriginalMessage()));
        }
        JsonNode root = parsed == null || parsed.isMissingNode() || parsed.isNull() ? YAML.createObjectNode() : parsed;
        Fields f = new Fields();
        if (!root.isObject()) {
            throw new ConfigException(source, List.of("must be a mapping of keys to values, e.g. 'stack: yoctogram'"));
        }
        f.unknownKeys(root, "", TOP_KEYS);

        String stack = f.string(root, "stack", "yoctogram");
        if (stack != null && !stack.matches("[a-z][a-z0-9-]{0,18}[a-z0-9]")) {
            f.problem("stack: '" + stack + "' must be 2-20 characters of a-z, 0-9 and '-', starting with a letter "
                    + "and not ending with '-' (it prefixes bucket names, which AWS limits)");
        }
        String region = regionOverride.orElseGet(() -> f.string(root, "region", defaultRegion));
        boolean regionKnown = region != null && Validation.isKnownRegion(region);
        if (region != null && !regionKnown) {
            f.problem("region: '" + region + "' is not an AWS region (e.g. us-west-2, eu-central-1)");
        }
        List<String> zones = f.stringList(root, "availabilityZones",
                region == null ? List.of() : List.of(region + "a", region + "b"));
        if (zones != null) {
            if (zones.size() != 2 || zones.stream().distinct().count() != 2) {
                f.problem("availabilityZones: needs exactly two different zones, got " + zones);
            }
            for (String zone : zones) {
                if (regionKnown && !zone.matches(java.util.regex.Pattern.quote(region) + "[a-z]")) {
                    f.problem("availabilityZones: '" + zone + "' is not a zone of region " + region
                            + " (expected " + region + "a, " + region + "b, ...)");
                }
            }
        }
        String domain = f.string(root, "domain", "example.infracourse.cloud");
        if (domain != null && !Validation.isDomainName(domain)) {
            f.problem("domain: '" + domain + "' is not a domain name (labels of a-z, 0-9 and '-', "
                    + "separated by dots, at least two labels, e.g. example.infracourse.cloud)");
        }
        String site = f.string(root, "site", "yoctogram");
        if (site != null && !Validation.isLabel(site)) {
            f.problem("site: '" + site + "' must be one DNS label (a-z, 0-9 and '-', at most 63 characters)");
        }
        String parentZoneId = f.string(root, "parentZoneId", null);
        if (parentZoneId != null && !parentZoneId.matches("Z[A-Z0-9]{1,31}")) {
            f.problem("parentZoneId: '" + parentZoneId + "' is not a Route 53 hosted zone id (like Z0123456789ABC)");
        }
        String vpcCidr = f.string(root, "vpcCidr", "10.0.0.0/16");
        if (vpcCidr != null) {
            Validation.checkVpcCidr(vpcCidr).ifPresent(problem -> f.problem("vpcCidr: " + problem));
        }
        int natGateways = f.integer(root, "natGateways", 2);
        if (natGateways != 1 && natGateways != 2) {
            f.problem("natGateways: must be 1 (cheaper) or 2 (one per zone), got " + natGateways);
        }

        JsonNode db = f.section(root, "database", DATABASE_KEYS);
        String engineVersion = f.string(db, "database.engineVersion", "16.6");
        if (engineVersion != null && !engineVersion.matches("\\d{1,2}(\\.\\d{1,2})?")) {
            f.problem("database.engineVersion: '" + engineVersion + "' is not an Aurora PostgreSQL version like 16.6");
        }
        double minCapacity = f.number(db, "database.minCapacity", 0.5);
        double maxCapacity = f.number(db, "database.maxCapacity", 2);
        if (!Validation.isCapacity(minCapacity, 0)) {
            f.problem("database.minCapacity: must be between 0 and 256 ACU in steps of 0.5, got " + minCapacity);
        }
        if (!Validation.isCapacity(maxCapacity, 1)) {
            f.problem("database.maxCapacity: must be between 1 and 256 ACU in steps of 0.5, got " + maxCapacity);
        }
        if (maxCapacity < minCapacity) {
            f.problem("database.maxCapacity (" + maxCapacity + ") must not be below database.minCapacity ("
                    + minCapacity + ")");
        }
        boolean deletionProtection = f.bool(db, "database.deletionProtection", false);

        JsonNode svc = f.section(root, "service", SERVICE_KEYS);
        int cpu = f.integer(svc, "service.cpu", 512);
        int memory = f.integer(svc, "service.memory", 2048);
        Validation.checkFargateSize(cpu, memory).ifPresent(problem -> f.problem("service: " + problem));
        int desiredCount = f.integer(svc, "service.desiredCount", 1);
        int maxCount = f.integer(svc, "service.maxCount", 4);
        if (desiredCount < 1 || desiredCount > 100) {
            f.problem("service.desiredCount: must be between 1 and 100, got " + desiredCount);
        }
        if (maxCount < desiredCount || maxCount > 100) {
            f.problem("service.maxCount: must be between service.desiredCount (" + desiredCount + ") and 100, got "
                    + maxCount);
        }
        int spotWeight = f.integer(svc, "service.spotWeight", 0);
        if (spotWeight < 0 || spotWeight > 1000) {
            f.problem("service.spotWeight: must be between 0 and 1000, got " + spotWeight);
        }

        JsonNode image = f.section(root, "image", IMAGE_KEYS);
        String context = f.string(image, "image.context", "app");
        String platform = f.string(image, "image.platform", "linux/arm64");
        if (platform != null && !Set.of("linux/arm64", "linux/amd64").contains(platform)) {
            f.problem("image.platform: must be linux/arm64 or linux/amd64, got '" + platform + "'");
        }
        if ("linux/arm64".equals(platform) && spotWeight > 0) {
            f.problem("service.spotWeight: Fargate Spot does not run ARM64 tasks; set spotWeight to 0, or "
                    + "image.platform to linux/amd64 to use Spot");
        }
        JsonNode web = f.section(root, "web", WEB_KEYS);
        String webDir = f.string(web, "web.dir", "web");

        JsonNode waf = f.section(root, "waf", WAF_KEYS);
        boolean wafEnabled = f.bool(waf, "waf.enabled", false);
        int rateLimit = f.integer(waf, "waf.rateLimit", StackConfig.Waf.OFF.rateLimit());
        // AWS WAF's rate-based statement takes 100 to 2,000,000,000 requests per 5-minute window.
        if (rateLimit < 100 || rateLimit > 2_000_000_000) {
            f.problem("waf.rateLimit: must be between 100 and 2000000000 requests per 5 minutes, got " + rateLimit);
        }

        String state = f.string(root, "state", null);
        if (state != null) {
            S3Location.problem(state).ifPresent(problem -> f.problem("state: " + problem
                    + " (the state is in .yocto/ unless 'state' names an S3 location)"));
        }

        if (!f.problems.isEmpty()) {
            throw new ConfigException(source, f.problems);
        }
        return new StackConfig(stack, region, zones, domain, site, parentZoneId, vpcCidr, natGateways,
                new StackConfig.Database(engineVersion, minCapacity, maxCapacity, deletionProtection),
                new StackConfig.Service(cpu, memory, desiredCount, maxCount, spotWeight),
                new StackConfig.Image(context, platform), new StackConfig.Web(webDir), state,
                root != null && root.has("availabilityZones"), new StackConfig.Waf(wafEnabled, rateLimit));
    }

    /** Reads typed values out of the tree, collecting a problem for each wrong one. */
    private static final class Fields {
        final List<String> problems = new ArrayList<>();

        void problem(String message) {
            problems.add(message);
        }

        private static JsonNode child(JsonNode parent, String dotted) {
            String key = dotted.substring(dotted.lastIndexOf('.') + 1);
            JsonNode node = parent.get(key);
            return node == null ? MissingNode.getInstance() : node;
        }

        JsonNode section(JsonNode root, String key, Set<String> allowed) {
            JsonNode node = child(root, key);
            if (node.isMissingNode() || node.isNull()) {
                return YAML.createObjectNode();
            }
            if (!node.isObject()) {
                problem(key + ": must be a mapping of " + String.join(", ", allowed.stream().sorted().toList())
                        + ", got " + node.getNodeType().name().toLowerCase());
                return YAML.createObjectNode();
            }
            unknownKeys(node, key + ".", allowed);
            return node;
        }

        void unknownKeys(JsonNode node, String prefix, Set<String> allowed) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    String hint = Validation.closest(name, allowed).map(s -> " (did you mean '" + s + "'?)").orElse(
                            " (known keys: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                    problem(prefix + name + ": unknown key" + hint);
                }
            }
        }

        String string(JsonNode parent, String key, String fallback) {
            JsonNode node = child(parent, key);
            if (node.isMissingNode() || node.isNull()) {
                return fallback;
            }
            if (!node.isValueNode() || node.isBoolean()) {
                problem(key + ": must be a text value, got " + node.getNodeType().name().toLowerCase());
                return null;
            }
            return node.asText();
        }

        List<String> stringList(JsonNode parent, String key, List<String> fallback) {
            JsonNode node = child(parent, key);
            if (node.isMissingNode() || node.isNull()) {
                return fallback;
            }
            if (!node.isArray()) {
                problem(key + ": must be a list, e.g. [us-west-2a, us-west-2b]");
                return null;
            }
            List<String> values = new ArrayList<>();
            node.forEach(item -> values.add(item.asText()));
            return values;
        }

        int integer(JsonNode parent, String key, int fallback) {
            JsonNode node = child(parent, key);
            if (node.isMissingNode() || node.isNull()) {
                return fallback;
            }
            if (!node.canConvertToExactIntegral() || !node.isNumber()) {
                problem(key + ": must be a whole number, got '" + node.asText() + "'");
                return fallback;
            }
            return node.asInt();
        }

        double number(JsonNode parent, String key, double fallback) {
            JsonNode node = child(parent, key);
            if (node.isMissingNode() || node.isNull()) {
                return fallback;
            }
            if (!node.isNumber()) {
                problem(key + ": must be a number, got '" + node.asText() + "'");
                return fallback;
            }
            return node.asDouble();
        }

        boolean bool(JsonNode parent, String key, boolean fallback) {
            JsonNode node = child(parent, key);
            if (node.isMissingNode() || node.isNull()) {
                return fallback;
            }
            if (!node.isBoolean()) {
                problem(key + ": must be true or false, got '" + node.asText() + "'");
                return fallback;
            }
            return node.asBoolean();
        }
    }
}
