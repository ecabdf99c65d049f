package dev.yocto.app.http;

/** A failure the client caused or may know about: its status and a detail safe to show. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final long retryAfterSeconds;

    public ApiException(int status, String detail) {
        this(status, detail, 0);
    }

    private ApiException(int status, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** Seconds for a {@code Retry-After} header; 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException tooManyRequests(String detail, java.time.Duration retryAfter) {
        return new ApiException(429, detail, wholeSeconds(retryAfter));
    }

    public static ApiException busy(String detail) {
        return new ApiException(503, detail, 1);
    }

    private static long wholeSeconds(java.time.Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, detail);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, detail);
    }
}
