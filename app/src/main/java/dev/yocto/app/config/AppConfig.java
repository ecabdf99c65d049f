package dev.yocto.app.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the backend is told by its environment (DESIGN §6, §7). Built once at start-up;
 * every missing variable is reported at once, by name, never by value.
 */
public record AppConfig(
        boolean production,
        boolean debug,
        int port,
        String forwardFacingName,
        Postgres postgres,
        String secretKey,
        Optional<Aws> aws,
        Optional<Path> mediaDir) {

    public record Postgres(String host, int port, String user, String password, String database) {
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        @Override
        public String toString() {
            return "Postgres[" + host + ":" + port + "/" + database + " as " + user + "]";
        }
    }

    public record Aws(
            String region,
            Optional<URI> endpointOverride,
            String publicBucket,
            String privateBucket,
            String publicDistribution,
            String privateDistribution,
            String cloudFrontKeyPairId,
            String cloudFrontPrivateKeyPem) {

        @Override
        public String toString() {
            return "Aws[" + region + ", buckets " + publicBucket + "/" + privateBucket + "]";
        }
    }

    @Override
    public String toString() {
        return "AppConfig[production=" + production + ", port=" + port + ", " + postgres + "]";
    }

    public static AppConfig fromEnvironment(Map<String, String> env) {
        Env e = new Env(env);
        boolean production = e.flag("PRODUCTION", true);
        AppConfig config = new AppConfig(
                production,
                e.flag("DEBUG", false),
                e.integer("PORT", 80),
                production ? e.required("FORWARD_FACING_NAME") : e.optional("FORWARD_FACING_NAME").orElse("localhost"),
                new Postgres(e.required("POSTGRES_HOST"), e.integer("POSTGRES_PORT", 5432),
                        e.required("POSTGRES_USER"), e.required("POSTGRES_PASSWORD"), e.required("POSTGRES_DB")),
                e.required("SECRET_KEY"),
                production ? Optional.of(aws(e)) : Optional.empty(),
                production ? Optional.empty() : Optional.of(Path.of(e.optional("MEDIA_DIR").orElse("media"))));
        e.failIfMissing();
        return config;
    }

    private static Aws aws(Env e) {
        return new Aws(
                e.optional("AWS_REGION").or(() -> e.optional("AWS_DEFAULT_REGION")).orElse("us-west-2"),
                e.optional("AWS_ENDPOINT_URL").map(URI::create),
                e.required("PUBLIC_IMAGES_BUCKET"),
                e.required("PRIVATE_IMAGES_BUCKET"),
                e.required("PUBLIC_IMAGES_CLOUDFRONT_DISTRIBUTION"),
                e.required("PRIVATE_IMAGES_CLOUDFRONT_DISTRIBUTION"),
                e.required("CLOUDFRONT_KEY_PAIR_ID"),
                e.required("CLOUDFRONT_PRIVATE_KEY"));
    }

    /** Reads variables and remembers which required ones are missing or malformed. */
    private static final class Env {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Env(Map<String, String> env) {
            this.env = env;
        }

        Optional<String> optional(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        String required(String name) {
            return optional(name).orElseGet(() -> {
                problems.add(name + " is not set");
                return "";
            });
        }

        boolean flag(String name, boolean fallback) {
            return optional(name).map(v -> v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"))
                    .orElse(fallback);
        }

        int integer(String name, int fallback) {
            Optional<String> value = optional(name);
            try {
                return value.map(Integer::parseInt).orElse(fallback);
            } catch (NumberFormatException ex) {
                problems.add(name + " is not a number");
                return fallback;
            }
        }

        void failIfMissing() {
            if (!problems.isEmpty()) {
                throw new ConfigException("configuration incomplete: " + String.join("; ", problems));
            }
        }
    }
}
