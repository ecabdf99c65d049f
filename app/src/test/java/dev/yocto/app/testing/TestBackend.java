package dev.yocto.app.testing;

import dev.yocto.app.Application;
import dev.yocto.app.abuse.AbuseLimits;
import dev.yocto.app.config.AppConfig;
import dev.yocto.testkit.AwsEmulator;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;

/** The real backend on a free port, with its own database in the shared PostgreSQL. */
public final class TestBackend implements AutoCloseable {

    /** bcrypt's minimum cost keeps tests fast; the production cost is asserted separately. */
    public static final int TEST_PASSWORD_COST = 4;
    public static final String PUBLIC_BUCKET = "yocto-public-images";
    public static final String PRIVATE_BUCKET = "yocto-private-images";
    public static final String PUBLIC_CDN = "dpublic.cloudfront.net";
    public static final String PRIVATE_CDN = "dprivate.cloudfront.net";
    public static final String KEY_PAIR_ID = "K2JCJMDEHXQW5F";

    private final Application application;
    private final String database;
    private final KeyPair cloudFrontKeys;
    private final ApiClient api;
    private final String secretKey;

    private TestBackend(Application application, Map<String, String> env, KeyPair cloudFrontKeys) {
        this.application = application;
        this.database = env.get("POSTGRES_DB");
        this.secretKey = env.get("SECRET_KEY");
        this.cloudFrontKeys = cloudFrontKeys;
        this.api = new ApiClient("http://127.0.0.1:" + application.port());
    }

    /** Production mode against the emulator's S3 (buckets created here). */
    public static TestBackend production(AwsEmulator emulator) {
        System.setProperty("aws.accessKeyId", emulator.credentials().resolveCredentials().accessKeyId());
        System.setProperty("aws.secretAccessKey", emulator.credentials().resolveCredentials().secretAccessKey());
        try (S3Client s3 = s3(emulator)) {
            s3.createBucket(b -> b.bucket(PUBLIC_BUCKET).createBucketConfiguration(c -> c.locationConstraint(emulator.region().id())));
            s3.createBucket(b -> b.bucket(PRIVATE_BUCKET).createBucketConfiguration(c -> c.locationConstraint(emulator.region().id())));
        }
        KeyPair keys = rsaKeyPair();
        Map<String, String> env = baseEnv();
        env.put("PRODUCTION", "true");
        env.put("FORWARD_FACING_NAME", "yoctogram.example.test");
        env.put("AWS_REGION", emulator.region().id());
        env.put("AWS_ENDPOINT_URL", emulator.endpoint().toString());
        env.put("PUBLIC_IMAGES_BUCKET", PUBLIC_BUCKET);
        env.put("PRIVATE_IMAGES_BUCKET", PRIVATE_BUCKET);
        env.put("PUBLIC_IMAGES_CLOUDFRONT_DISTRIBUTION", PUBLIC_CDN);
        env.put("PRIVATE_IMAGES_CLOUDFRONT_DISTRIBUTION", PRIVATE_CDN);
        env.put("CLOUDFRONT_KEY_PAIR_ID", KEY_PAIR_ID);
        env.put("CLOUDFRONT_PRIVATE_KEY", pem(keys));
        // The embedded PostgreSQL speaks no TLS; production's verify-full is covered by AppConfigTest.
        env.put("POSTGRES_SSLMODE", "disable");
        return start(env, keys, TEST_PASSWORD_COST, AbuseLimits.ratesOff());
    }

    /** Dev mode: images in {@code mediaDir}, served by the app. */
    public static TestBackend dev(Path mediaDir) {
        return dev(mediaDir, TEST_PASSWORD_COST, AbuseLimits.ratesOff());
    }

    /** Dev mode with a chosen bcrypt cost and limits (abuse tests). */
    public static TestBackend dev(Path mediaDir, int passwordCost, AbuseLimits limits) {
        return dev(mediaDir, passwordCost, limits, Map.of());
    }

    public static TestBackend dev(Path mediaDir, int passwordCost, AbuseLimits limits, Map<String, String> extraEnv) {
        Map<String, String> env = baseEnv();
        env.putAll(extraEnv);
        env.put("PRODUCTION", "false");
        env.put("MEDIA_DIR", mediaDir.toString());
        return start(env, null, passwordCost, limits);
    }

    public static S3Client s3(AwsEmulator emulator) {
        return S3Client.builder().endpointOverride(emulator.endpoint()).region(emulator.region())
                .credentialsProvider(emulator.credentials()).forcePathStyle(true).build();
    }

    private static Map<String, String> baseEnv() {
        EmbeddedPostgres postgres = SharedPostgres.get();
        String database = postgres.createDatabase("t_" + UUID.randomUUID().toString().replace("-", ""));
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("POSTGRES_HOST", postgres.host());
        env.put("POSTGRES_PORT", Integer.toString(postgres.port()));
        env.put("POSTGRES_USER", EmbeddedPostgres.SUPERUSER);
        env.put("POSTGRES_PASSWORD", postgres.password());
        env.put("POSTGRES_DB", database);
        env.put("SECRET_KEY", "test-secret-" + UUID.randomUUID());
        return env;
    }

    private static TestBackend start(Map<String, String> env, KeyPair keys, int passwordCost, AbuseLimits limits) {
        AppConfig config = AppConfig.fromEnvironment(env);
        Application application = Application.start(config, Clock.systemUTC(), passwordCost, limits);
        return new TestBackend(application, env, keys);
    }

    public ApiClient api() {
        return api;
    }

    public KeyPair cloudFrontKeys() {
        return cloudFrontKeys;
    }

    public String secretKey() {
        return secretKey;
    }

    public Connection db() throws SQLException {
        return SharedPostgres.get().connect(database);
    }

    /** Rows in a table, to prove that a rejected request changed nothing. */
    public long count(String table) {
        try (Connection c = db(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        application.close();
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
