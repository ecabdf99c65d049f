package dev.yocto.resources.compute;

import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Ref;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The secret header the site distribution adds to every request it sends to the API origin and
 * that the load balancer requires. Its value is read from its Secrets Manager secret once per run
 * and is only ever shown as a {@link #digest}: state, plans and differences hold no secret.
 */
public final class OriginHeader {

    /** The header's name; the app never reads it. */
    public static final String NAME = "X-Origin-Verify";

    private OriginHeader() {
    }

    /** The secret's value, read once per run. */
    public static String value(Context context, Ref<String> secretArn) {
        String arn = context.value(secretArn);
        return context.listing("secretsmanager:value:" + arn,
                () -> context.aws().secretsManager().getSecretValue(r -> r.secretId(arn)).secretString());
    }

    /** {@code sha256:} and the first 16 hex digits of the value's SHA-256. */
    public static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
