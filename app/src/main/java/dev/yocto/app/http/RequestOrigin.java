package dev.yocto.app.http;

import io.javalin.http.Context;

/** The scheme and host the client used to reach us, for URLs that point back at the app (dev mode). */
public final class RequestOrigin {

    private RequestOrigin() {
    }

    public static String of(Context ctx) {
        String proto = ctx.header("X-Forwarded-Proto");
        String scheme = proto != null && (proto.equals("https") || proto.equals("http")) ? proto : ctx.scheme();
        String host = ctx.host();
        if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            host = "127.0.0.1:" + ctx.port();
        }
        return scheme + "://" + host;
    }
}
