package dev.yocto.app.users;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yocto.app.auth.Authenticator;
import dev.yocto.app.http.ApiException;
import dev.yocto.app.http.Ids;
import dev.yocto.app.http.JsonBody;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** GET/PUT /users/me and the public profile. */
public final class UserRoutes {

    public static final int BIO_MAX_CHARS = 500;

    private final UserRepository users;
    private final Authenticator auth;
    private final ObjectMapper mapper;

    public UserRoutes(UserRepository users, Authenticator auth, ObjectMapper mapper) {
        this.users = users;
        this.auth = auth;
        this.mapper = mapper;
    }

    public void register(Javalin app) {
        app.get("/api/v1/users/me", this::me);
        app.put("/api/v1/users/me", this::updateMe);
        app.get("/api/v1/users/profile/{userId}", this::profile);
    }

    private void me(Context ctx) {
        ctx.json(existing(auth.required(ctx)).toJson());
    }

    private void updateMe(Context ctx) {
        UUID id = auth.required(ctx);
        String bio = JsonBody.of(ctx, mapper).requiredString("bio");
        if (bio.codePointCount(0, bio.length()) > BIO_MAX_CHARS) {
            throw ApiException.badRequest("bio must be at most " + BIO_MAX_CHARS + " characters");
        }
        if (bio.indexOf('\0') >= 0) {
            throw ApiException.badRequest("bio must not contain NUL characters");
        }
        User updated = users.updateBio(id, bio).orElseThrow(() -> ApiException.unauthorized("user no longer exists"));
        ctx.json(updated.toJson());
    }

    private void profile(Context ctx) {
        UUID id = Ids.parse(ctx.pathParam("userId"), "user id");
        User user = users.findById(id).orElseThrow(() -> ApiException.notFound("user not found"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.put("username", user.username());
        json.put("bio", user.bio());
        ctx.json(json);
    }

    private User existing(UUID id) {
        return users.findById(id).orElseThrow(() -> ApiException.unauthorized("user no longer exists"));
    }
}
