package dev.yocto.app.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** bcrypt with a per-password random salt. */
public final class PasswordHasher {

    /**
     * 2^11 rounds: about 0.24 s per hash on one core of the build machine, above OWASP's minimum
     * of 10. Each stored hash carries its cost, so raising it later keeps old passwords valid.
     */
    public static final int DEFAULT_COST = 11;

    private final int cost;
    private volatile String dummyHash;

    public PasswordHasher(int cost) {
        this.cost = cost;
    }

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > RegistrationRules.PASSWORD_MAX_BYTES) {
            // No such password was ever accepted at registration; bcrypt would refuse it anyway.
            return false;
        }
        return BCrypt.verifyer().verify(bytes, hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    /** Spends the same time as a real check, so unknown usernames cannot be told apart by timing. */
    public void matchNothing(String password) {
        String dummy = dummyHash;
        if (dummy == null) {
            dummy = hash("timing-equaliser-for-unknown-users");
            dummyHash = dummy;
        }
        matches(password, dummy);
    }
}
