package dev.yocto.app.feed;

import dev.yocto.app.auth.Authenticator;
import dev.yocto.app.http.ApiException;
import dev.yocto.app.http.Ids;
import dev.yocto.app.http.RequestOrigin;
import dev.yocto.app.images.Image;
import dev.yocto.app.images.ImageRepository;
import dev.yocto.app.images.ImageStore;
import dev.yocto.app.users.UserRepository;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** GET /feed/latest and /feed/by_user/{userId}: newest first, 100 per page, before/after as ISO-8601. */
public final class FeedRoutes {

    private final ImageRepository images;
    private final UserRepository users;
    private final ImageStore store;
    private final Authenticator auth;

    public FeedRoutes(ImageRepository images, UserRepository users, ImageStore store, Authenticator auth) {
        this.images = images;
        this.users = users;
        this.store = store;
        this.auth = auth;
    }

    public void register(Javalin app) {
        app.get("/api/v1/feed/latest", this::latest);
        app.get("/api/v1/feed/by_user/{userId}", this::byUser);
    }

    private void latest(Context ctx) {
        Optional<UUID> caller = auth.optional(ctx);
        respond(ctx, images.latest(caller, window(ctx)));
    }

    private void byUser(Context ctx) {
        Optional<UUID> caller = auth.optional(ctx);
        UUID owner = Ids.parse(ctx.pathParam("userId"), "user id");
        if (users.findById(owner).isEmpty()) {
            throw ApiException.notFound("user not found");
        }
        respond(ctx, images.byOwner(owner, caller, window(ctx)));
    }

    private void respond(Context ctx, List<Image> page) {
        String origin = RequestOrigin.of(ctx);
        List<Map<String, Object>> results = page.stream().map(image -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", image.id().toString());
            item.put("creator", image.ownerId().toString());
            item.put("download_url", store.downloadUrl(image, origin));
            item.put("created_at", image.createdAt().toString());
            // Beyond DESIGN §7: lets the owner's feed mark private images without asking per image.
            item.put("public", image.isPublic());
            return item;
        }).toList();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.put("count", results.size());
        json.put("results", results);
        ctx.json(json);
    }

    private static ImageRepository.Window window(Context ctx) {
        return new ImageRepository.Window(instant(ctx, "before"), instant(ctx, "after"));
    }

    private static Optional<Instant> instant(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("'" + name + "' must be an ISO-8601 timestamp such as 2026-01-31T12:00:00Z");
        }
    }
}
