package dev.yocto.app.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error leaves as {@code {"success":false,"detail":"..."}}; internals only with DEBUG. */
public final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    public static void install(Javalin app, boolean debug) {
        app.exception(ApiException.class, (e, ctx) -> {
            if (e.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            }
            write(ctx, e.status(), e.getMessage());
        });
        app.exception(HttpResponseException.class, (e, ctx) -> write(ctx, e.getStatus(), describe(e)));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, 500, debug ? e.toString() : "internal server error");
        });
        // Javalin's own 404/405 (no such route) get the same JSON shape; ours are JSON already.
        app.error(404, ctx -> writeUnlessJson(ctx, 404, "not found"));
        app.error(405, ctx -> writeUnlessJson(ctx, 405, "method not allowed"));
    }

    public static void write(Context ctx, int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("detail", detail);
        ctx.status(status).json(body);
    }

    private static void writeUnlessJson(Context ctx, int status, String detail) {
        String contentType = ctx.res().getContentType();
        if (contentType == null || !contentType.startsWith("application/json")) {
            write(ctx, status, detail);
        }
    }

    private static String describe(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 413 -> "request body too large";
            default -> e.getMessage() == null || e.getMessage().isBlank() ? "request rejected" : e.getMessage().toLowerCase();
        };
    }
}
