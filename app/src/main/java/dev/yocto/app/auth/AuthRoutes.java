package dev.yocto.app.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yocto.app.http.ApiException;
import dev.yocto.app.http.JsonBody;
import dev.yocto.app.users.User;
import dev.yocto.app.users.UserRepository;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** POST /auth/register/ and /auth/login/. */
public final class AuthRoutes {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AccessTokens tokens;
    private final ObjectMapper mapper;

    public AuthRoutes(UserRepository users, PasswordHasher hasher, AccessTokens tokens, ObjectMapper mapper) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.mapper = mapper;
    }

    public void register(Javalin app) {
        app.post("/api/v1/auth/register", this::registerUser);
        app.post("/api/v1/auth/login", this::login);
    }

    private void registerUser(Context ctx) {
        JsonBody body = JsonBody.of(ctx, mapper);
        String username = body.requiredString("username");
        String email = body.requiredString("email");
        String password = body.requiredString("password");
        RegistrationRules.check(username, email, password);
        User user = new User(UUID.randomUUID(), username, email, "");
        if (!users.insert(user, hasher.hash(password))) {
            throw ApiException.badRequest("username or email is already registered");
        }
        ctx.status(201).json(Map.of("success", true));
    }

    private void login(Context ctx) {
        JsonBody body = JsonBody.of(ctx, mapper);
        String username = body.requiredString("username");
        String password = body.requiredString("password");
        Optional<UserRepository.Credentials> found = username.length() <= 32
                ? users.findCredentials(username) : Optional.empty();
        if (found.isEmpty()) {
            hasher.matchNothing(password);
            throw ApiException.unauthorized("incorrect username or password");
        }
        if (!hasher.matches(password, found.get().passwordHash())) {
            throw ApiException.unauthorized("incorrect username or password");
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", tokens.issue(found.get().user().id()));
        response.put("token_type", "bearer");
        ctx.json(response);
    }
}
