package dev.yocto.app.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** bcrypt with a per-password random salt; the cost makes each guess take ~0.2 s on one core. */
public final class PasswordHasher {

    public static final int DEFAULT_COST = 12;

    private final int cost;
    private final String dummyHash;

    public PasswordHasher(int cost) {
        this.cost = cost;
        this.dummyHash = hash("timing-equaliser-for-unknown-users");
    }

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    /** Spends the same time as a real check, so unknown usernames cannot be told apart by timing. */
    public void matchNothing(String password) {
        matches(password, dummyHash);
    }
}
