package dev.yocto.resources.compute.lb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the stack's load balancer ({@code <stack>}) and target group ({@code <stack>-app}).
 * Both are unique per account and region, so they find the resources again without state. ELBv2
 * allows 32 characters of letters, digits and single hyphens, not at either end, and no load
 * balancer name starting with {@code internal-}; a name that breaks a rule becomes a valid one with
 * a hash of the wanted name, so it stays the same on every run.
 */
public final class LoadBalancerNames {

    static final int MAX_LENGTH = 32;
    private static final int HASH_LENGTH = 8;

    private LoadBalancerNames() {
    }

    public static String loadBalancer(String stack) {
        return valid(stack);
    }

    public static String targetGroup(String stack) {
        return valid(stack + "-app");
    }

    static String valid(String wanted) {
        String name = wanted.replaceAll("[^A-Za-z0-9-]", "-").replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
        if (name.startsWith("internal-")) {
            name = "lb-" + name;
        }
        if (name.equals(wanted) && name.length() <= MAX_LENGTH) {
            return name;
        }
        int headLength = Math.min(name.length(), MAX_LENGTH - HASH_LENGTH - 1);
        String head = name.substring(0, headLength).replaceAll("-$", "");
        return (head.isEmpty() ? "lb" : head) + "-" + hash(wanted);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
