package dev.yocto.app.auth;

import dev.yocto.app.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The rules a new account must satisfy (stated in app/README.md). */
public final class RegistrationRules {

    public static final int PASSWORD_MIN_CHARS = 8;
    /** bcrypt only reads 72 bytes; longer passwords would be silently truncated. */
    public static final int PASSWORD_MAX_BYTES = 72;

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private RegistrationRules() {
    }

    public static void check(String username, String email, String password) {
        if (!USERNAME.matcher(username).matches()) {
            throw ApiException.badRequest("username must be 3-32 characters: letters, digits, '_', '.', '-'");
        }
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw ApiException.badRequest("email is not a valid address");
        }
        checkPassword(password);
    }

    public static void checkPassword(String password) {
        if (password.codePointCount(0, password.length()) < PASSWORD_MIN_CHARS) {
            throw ApiException.badRequest("password must have at least " + PASSWORD_MIN_CHARS + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > PASSWORD_MAX_BYTES) {
            throw ApiException.badRequest("password must be at most " + PASSWORD_MAX_BYTES + " bytes in UTF-8");
        }
        if (password.isBlank() || password.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw ApiException.badRequest("password must not be blank or contain control characters");
        }
    }
}
