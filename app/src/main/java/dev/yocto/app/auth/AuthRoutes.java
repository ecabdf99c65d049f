package dev.yocto.app.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yocto.app.abuse.AbuseLimits;
import dev.yocto.app.http.ApiException;
import dev.yocto.app.http.ClientAddress;
import dev.yocto.app.http.JsonBody;
import dev.yocto.app.users.User;
import dev.yocto.app.users.UserRepository;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * POST /auth/register/ and /auth/login/, rate-limited per client address and per username, with
 * password hashing bounded by {@link AbuseLimits#hashing()}.
 */
public final class AuthRoutes {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AccessTokens tokens;
    private final ObjectMapper mapper;
    private final AbuseLimits limits;
    private final int trustedProxyHops;

    public AuthRoutes(UserRepository users, PasswordHasher hasher, AccessTokens tokens, ObjectMapper mapper,
                      AbuseLimits limits, int trustedProxyHops) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.mapper = mapper;
        this.limits = limits;
        this.trustedProxyHops = trustedProxyHops;
    }

    public void register(Javalin app) {
        app.post("/api/v1/auth/register", this::registerUser);
        app.post("/api/v1/auth/login", this::login);
    }

    /**
     * A taken email is answered exactly like a new account (201, nothing stored), so registration
     * does not tell who has an account; a taken username is refused, as usernames are public.
     */
    private void registerUser(Context ctx) {
        JsonBody body = JsonBody.of(ctx, mapper);
        String username = body.requiredString("username");
        String email = body.requiredString("email");
        String password = body.requiredString("password");
        RegistrationRules.check(username, email, password);
        limits.register(ClientAddress.of(ctx, trustedProxyHops), username);
        User user = new User(UUID.randomUUID(), username, email, "");
        String hash = limits.hashing().run(() -> hasher.hash(password));
        if (users.insert(user, hash) == UserRepository.Insert.USERNAME_TAKEN) {
            throw ApiException.badRequest("username is already taken");
        }
        ctx.status(201).json(Map.of("success", true));
    }

    private void login(Context ctx) {
        JsonBody body = JsonBody.of(ctx, mapper);
        String username = body.requiredString("username");
        String password = body.requiredString("password");
        limits.login(ClientAddress.of(ctx, trustedProxyHops), username);
        Optional<UserRepository.Credentials> found = username.length() <= 32
                ? users.findCredentials(username) : Optional.empty();
        boolean matches = limits.hashing().run(() -> {
            if (found.isEmpty()) {
                hasher.matchNothing(password);
                return false;
            }
            return hasher.matches(password, found.get().passwordHash());
        });
        if (!matches) {
            throw ApiException.unauthorized("incorrect username or password");
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", tokens.issue(found.get().user().id()));
        response.put("token_type", "bearer");
        ctx.json(response);
    }
}
