package dev.yocto.app.auth;

import dev.yocto.app.http.ApiException;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.UUID;

/** Reads the caller from {@code Authorization: Bearer <jwt>}. A bad token is never treated as anonymous. */
public final class Authenticator {

    private final AccessTokens tokens;

    public Authenticator(AccessTokens tokens) {
        this.tokens = tokens;
    }

    public UUID required(Context ctx) {
        return optional(ctx).orElseThrow(() -> ApiException.unauthorized("not authenticated"));
    }

    public Optional<UUID> optional(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("Authorization header must be 'Bearer <token>'");
        }
        return Optional.of(tokens.verify(header.substring(7).trim())
                .orElseThrow(() -> ApiException.unauthorized("invalid or expired token")));
    }
}
