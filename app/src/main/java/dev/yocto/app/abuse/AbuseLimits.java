package dev.yocto.app.abuse;

import dev.yocto.app.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The per-client, per-username and per-user rate limits (429 with {@code Retry-After}), and the
 * bounds on concurrent password hashing and upload checks (503). The figures are in app/README.md.
 */
public final class AbuseLimits {

    public static final TokenBuckets.Rate LOGIN_PER_ADDRESS = new TokenBuckets.Rate(20, Duration.ofSeconds(3));
    public static final TokenBuckets.Rate LOGIN_PER_USERNAME = new TokenBuckets.Rate(10, Duration.ofSeconds(30));
    public static final TokenBuckets.Rate REGISTER_PER_ADDRESS = new TokenBuckets.Rate(10, Duration.ofMinutes(1));
    public static final TokenBuckets.Rate REGISTER_PER_USERNAME = new TokenBuckets.Rate(5, Duration.ofMinutes(1));
    public static final TokenBuckets.Rate UPLOADS_PER_USER = new TokenBuckets.Rate(30, Duration.ofMinutes(1));
    public static final TokenBuckets.Rate CHECKS_PER_USER = new TokenBuckets.Rate(30, Duration.ofSeconds(10));
    /** Each check holds up to 10 MB and decodes an image: two at a time. */
    public static final int CONCURRENT_CHECKS = 2;

    private final Optional<Buckets> buckets;
    private final ConcurrencyLimit hashing;
    private final ConcurrencyLimit checks;

    private record Buckets(TokenBuckets loginAddress, TokenBuckets loginUsername, TokenBuckets registerAddress,
                           TokenBuckets registerUsername, TokenBuckets uploads, TokenBuckets checks) {
    }

    private AbuseLimits(Optional<Buckets> buckets, int hashingPermits) {
        this.buckets = buckets;
        this.hashing = new ConcurrencyLimit("password checks", hashingPermits);
        this.checks = new ConcurrencyLimit("upload checks", CONCURRENT_CHECKS);
    }

    /** The rate limits on, password hashing bounded to one at a time per CPU the JVM sees. */
    public static AbuseLimits enforced(Clock clock) {
        return new AbuseLimits(Optional.of(new Buckets(new TokenBuckets(LOGIN_PER_ADDRESS, clock),
                new TokenBuckets(LOGIN_PER_USERNAME, clock), new TokenBuckets(REGISTER_PER_ADDRESS, clock),
                new TokenBuckets(REGISTER_PER_USERNAME, clock), new TokenBuckets(UPLOADS_PER_USER, clock), new TokenBuckets(CHECKS_PER_USER, clock))), cpus());
    }

    /** No rate limits (dev-mode benchmarks and most tests); the concurrency bounds stay. */
    public static AbuseLimits ratesOff() {
        return new AbuseLimits(Optional.empty(), cpus());
    }

    private static int cpus() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public void login(String clientAddress, String username) {
        buckets.ifPresent(b -> {
            limit(b.loginAddress(), clientAddress, "too many login attempts from this address");
            limit(b.loginUsername(), usernameKey(username), "too many login attempts for this username");
        });
    }

    public void register(String clientAddress, String username) {
        buckets.ifPresent(b -> {
            limit(b.registerAddress(), clientAddress, "too many registrations from this address");
            limit(b.registerUsername(), usernameKey(username), "too many registrations for this username");
        });
    }

    /** Case-insensitive, as usernames are unique; bounded, so a huge name cannot become a huge key. */
    private static String usernameKey(String username) {
        String key = username.length() > 64 ? username.substring(0, 64) : username;
        return key.toLowerCase(Locale.ROOT);
    }

    public void upload(UUID user) {
        buckets.ifPresent(b -> limit(b.uploads(), user.toString(), "upload quota reached"));
    }

    public void check(UUID user) {
        buckets.ifPresent(b -> limit(b.checks(), user.toString(), "too many upload checks"));
    }

    public ConcurrencyLimit hashing() {
        return hashing;
    }

    public ConcurrencyLimit checks() {
        return checks;
    }

    private static void limit(TokenBuckets buckets, String key, String detail) {
        buckets.take(key).ifPresent(wait -> {
            throw ApiException.tooManyRequests(detail + "; try again later", wait);
        });
    }
}
