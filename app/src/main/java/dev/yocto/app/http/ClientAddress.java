package dev.yocto.app.http;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The client's address for rate limits. Behind {@code hops} proxies that each append the address
 * they received the request from to {@code X-Forwarded-For} (CloudFront, then the ALB: 2), the
 * client is the entry {@code hops} from the right; entries further left were written by the client
 * and are ignored. Fewer entries than hops means the request skipped the outer proxies: the
 * leftmost entry, written by a proxy we trust, is taken.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(Context ctx, int hops) {
        String peer = ctx.req().getRemoteAddr();
        if (hops <= 0) {
            return peer;
        }
        List<String> entries = new ArrayList<>();
        for (String header : Collections.list(ctx.req().getHeaders("X-Forwarded-For"))) {
            for (String entry : header.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.trim());
                }
            }
        }
        if (entries.isEmpty()) {
            return peer;
        }
        return entries.get(Math.max(0, entries.size() - hops));
    }
}
