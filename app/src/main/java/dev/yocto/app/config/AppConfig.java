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
        Optional<Path> mediaDir,
        int trustedProxyHops,
        boolean abuseLimits) {

    /** HS256 wants a key at least as long as its 256-bit output (RFC 7518 §3.2). */
    public static final int SECRET_KEY_MIN_BYTES = 32;
    /** Where app/Dockerfile puts Amazon RDS's global CA bundle. */
    public static final String RDS_CA_BUNDLE = "/app/rds-global-bundle.pem";
    /** Production sits behind CloudFront, then the ALB: each appends one X-Forwarded-For entry. */
    public static final int PRODUCTION_PROXY_HOPS = 2;

    /** {@code sslMode} as pgjdbc spells it: {@code verify-full} in production, {@code disable} in dev mode. */
    public record Postgres(String host, int port, String user, String password, String database,
                           String sslMode, Optional<Path> sslRootCert) {
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        @Override
        public String toString() {
            return "Postgres[" + host + ":" + port + "/" + database + " as " + user + ", sslmode " + sslMode + "]";
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
                postgres(e, production),
                secretKey(e),
                production ? Optional.of(aws(e)) : Optional.empty(),
                production ? Optional.empty() : Optional.of(Path.of(e.optional("MEDIA_DIR").orElse("media"))),
                e.integer("TRUSTED_PROXY_HOPS", production ? PRODUCTION_PROXY_HOPS : 0),
                production || !e.optional("ABUSE_LIMITS").filter("off"::equalsIgnoreCase).isPresent());
        e.failIfMissing();
        return config;
    }

    private static String secretKey(Env e) {
        String key = e.required("SECRET_KEY");
        int bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (!key.isEmpty() && bytes < SECRET_KEY_MIN_BYTES) {
            e.problem("SECRET_KEY is " + bytes + " bytes; it must be at least " + SECRET_KEY_MIN_BYTES
                    + " (make one with: openssl rand -hex 32)");
        }
        return key;
    }

    /**
     * Production talks TLS to the database and checks the server's certificate and host name
     * against the RDS CA bundle in the image; POSTGRES_SSLMODE / POSTGRES_SSLROOTCERT override both.
     */
    private static Postgres postgres(Env e, boolean production) {
        String sslMode = e.optional("POSTGRES_SSLMODE").orElse(production ? "verify-full" : "disable");
        if (!List.of("disable", "require", "verify-ca", "verify-full").contains(sslMode)) {
            e.problem("POSTGRES_SSLMODE must be disable, require, verify-ca or verify-full");
        }
        Optional<Path> rootCert = e.optional("POSTGRES_SSLROOTCERT").map(Path::of)
                .or(() -> sslMode.startsWith("verify") ? Optional.of(Path.of(RDS_CA_BUNDLE)) : Optional.empty());
        return new Postgres(e.required("POSTGRES_HOST"), e.integer("POSTGRES_PORT", 5432),
                e.required("POSTGRES_USER"), e.required("POSTGRES_PASSWORD"), e.required("POSTGRES_DB"),
                sslMode, rootCert);
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

        void problem(String description) {
            problems.add(description);
        }

        void failIfMissing() {
            if (!problems.isEmpty()) {
                throw new ConfigException("configuration incomplete: " + String.join("; ", problems));
            }
        }
    }
}
