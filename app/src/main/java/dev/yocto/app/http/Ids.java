package dev.yocto.app.http;

import java.util.UUID;

/** Path and query values that must be UUIDs. */
public final class Ids {

    private Ids() {
    }

    public static UUID parse(String value, String what) {
        try {
            if (value != null && value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException ignored) {
            // falls through to the client error below
        }
        throw ApiException.badRequest(what + " must be a UUID");
    }
}
