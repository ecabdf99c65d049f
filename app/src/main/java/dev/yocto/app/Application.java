package dev.yocto.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.yocto.app.abuse.AbuseLimits;
import dev.yocto.app.auth.AccessTokens;
import dev.yocto.app.auth.AuthRoutes;
import dev.yocto.app.auth.Authenticator;
import dev.yocto.app.auth.PasswordHasher;
import dev.yocto.app.config.AppConfig;
import dev.yocto.app.db.Database;
import dev.yocto.app.feed.FeedRoutes;
import dev.yocto.app.health.HealthRoutes;
import dev.yocto.app.http.ErrorResponses;
import dev.yocto.app.images.ImageRepository;
import dev.yocto.app.images.ImageRoutes;
import dev.yocto.app.images.ImageStore;
import dev.yocto.app.images.LocalImageStore;
import dev.yocto.app.images.LocalMediaRoutes;
import dev.yocto.app.images.PresignedPostSigner;
import dev.yocto.app.images.S3ImageStore;
import dev.yocto.app.users.UserRepository;
import dev.yocto.app.users.UserRoutes;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static net.logstash.logback.argument.StructuredArguments.kv;

/** The running backend: database, storage and HTTP server, wired from one {@link AppConfig}. */
public final class Application implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    private final Javalin http;
    private final StatisticsHandler requests;
    private final Database database;
    private final List<AutoCloseable> resources;

    private Application(Javalin http, StatisticsHandler requests, Database database, List<AutoCloseable> resources) {
        this.http = http;
        this.requests = requests;
        this.database = database;
        this.resources = resources;
    }

    public static Application start(AppConfig config) {
        Clock clock = Clock.systemUTC();
        return start(config, clock, PasswordHasher.DEFAULT_COST, defaultLimits(config, clock));
    }

    /** Enforced unless dev mode was started with ABUSE_LIMITS=off. */
    public static AbuseLimits defaultLimits(AppConfig config, Clock clock) {
        return config.abuseLimits() ? AbuseLimits.enforced(clock) : AbuseLimits.ratesOff();
    }

    public static Application start(AppConfig config, Clock clock, int passwordCost, AbuseLimits limits) {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        Database database = Database.connectAndMigrate(config.postgres());
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            UserRepository users = new UserRepository(database.dataSource());
            ImageRepository images = new ImageRepository(database.dataSource());
            AccessTokens tokens = new AccessTokens(config.secretKey(), clock);
            Authenticator auth = new Authenticator(tokens);
            ImageStore store = imageStore(config, mapper, clock, resources);

            StatisticsHandler requests = new StatisticsHandler();
            Javalin http = Javalin.create(cfg -> configure(cfg, config, mapper, requests));
            ErrorResponses.install(http, config.debug());
            HealthRoutes.register(http);
            // Tokens and the caller's own account must not be kept by browsers or proxies.
            for (String path : new String[] {"/api/v1/auth/*", "/api/v1/users/me"}) {
                http.before(path, ctx -> ctx.header("Cache-Control", "no-store"));
            }
            new AuthRoutes(users, new PasswordHasher(passwordCost), tokens, mapper, limits, config.trustedProxyHops())
                    .register(http);
            new UserRoutes(users, auth, mapper).register(http);
            new ImageRoutes(images, store, auth, mapper, limits).register(http);
            new FeedRoutes(images, users, store, auth).register(http);
            if (store instanceof LocalImageStore local) {
                new LocalMediaRoutes(local, images).register(http);
            }
            http.start(config.port());
            LOG.info("yoctogram backend listening", kv("port", http.port()), kv("production", config.production()));
            return new Application(http, requests, database, resources);
        } catch (RuntimeException e) {
            closeQuietly(resources);
            database.close();
            throw e;
        }
    }

    private static ImageStore imageStore(AppConfig config, ObjectMapper mapper, Clock clock,
                                         List<AutoCloseable> resources) {
        if (config.aws().isEmpty()) {
            return new LocalImageStore(config.mediaDir().orElseThrow(), config.secretKey(), clock);
        }
        AppConfig.Aws aws = config.aws().get();
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        var builder = S3Client.builder().region(Region.of(aws.region())).credentialsProvider(credentials);
        aws.endpointOverride().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        S3Client s3 = builder.build();
        resources.add(s3);
        resources.add(credentials);
        return new S3ImageStore(aws, s3, credentials, new PresignedPostSigner(mapper), clock);
    }

    private static void configure(JavalinConfig cfg, AppConfig config, ObjectMapper mapper, StatisticsHandler requests) {
        cfg.showJavalinBanner = false;
        cfg.useVirtualThreads = false;
        cfg.http.maxRequestSize = 64 * 1024;
        cfg.jsonMapper(new JavalinJackson(mapper, false));
        cfg.jetty.multipartConfig.maxFileSize(ImageStore.MAX_UPLOAD_BYTES + 1, SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxTotalRequestSize(ImageStore.MAX_UPLOAD_BYTES + 64 * 1024, SizeUnit.BYTES);
        // Jetty's graceful stop waits only for requests a StatisticsHandler counts (Server#doStop, Graceful).
        cfg.jetty.modifyServer(server -> {
            server.setStopTimeout(DRAIN_TIMEOUT.toMillis());
            server.insertHandler(requests);
        });
        cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
            if (config.production()) {
                rule.allowHost("https://" + config.forwardFacingName());
            } else {
                rule.reflectClientOrigin = true;
            }
        }));
        cfg.requestLogger.http((ctx, ms) -> LOG.info("request", kv("method", ctx.method().name()),
                kv("path", ctx.path()), kv("status", ctx.statusCode()), kv("ms", Math.round(ms))));
    }

    public int port() {
        return http.port();
    }

    /** Requests the server has begun handling and not yet answered. */
    public int requestsInFlight() {
        return requests.getRequestsActive();
    }

    /** Stops accepting, lets in-flight requests finish (bounded by DRAIN_TIMEOUT), then closes the pool. */
    @Override
    public void close() {
        LOG.info("shutting down: draining requests", kv("inFlight", requestsInFlight()),
                kv("timeoutSeconds", DRAIN_TIMEOUT.toSeconds()));
        http.stop();
        closeQuietly(resources);
        database.close();
        LOG.info("shut down");
    }

    private static void closeQuietly(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", resource.getClass().getSimpleName(), e);
            }
        }
    }
}
