package dev.yocto.resources.data.buckets;

import dev.yocto.resources.api.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Bucket names are global: {@code <stack>-<purpose>-<account>-<region>} makes them unique and
 * derivable again without state. Past S3's 63 characters, account and region become a hash.
 */
public final class BucketNames {

    private static final int MAX_LENGTH = 63;

    private BucketNames() {
    }

    public static String of(Context context, String purpose) {
        return of(context.stack(), purpose, account(context), context.region());
    }

    static String of(String stack, String purpose, String account, String region) {
        String name = stack + "-" + purpose + "-" + account + "-" + region;
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        return stack + "-" + purpose + "-" + hash(account + "-" + region);
    }

    /** Looked up once per run, shared by both buckets. */
    static String account(Context context) {
        return context.account();
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
