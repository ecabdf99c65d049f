package dev.yocto.state;

import java.util.Optional;

/**
 * {@code s3://bucket/prefix}: where the states of a team's stacks are kept, one object
 * {@code <prefix>/<stack>.state.json} per stack with its lock {@code <prefix>/<stack>.lock} beside it.
 */
public record S3Location(String bucket, String prefix) {

    public static final String SCHEME = "s3://";

    /** True for a value meant as an S3 location rather than a file name. */
    public static boolean isS3(String value) {
        return value != null && value.startsWith(SCHEME);
    }

    /** Parses {@code s3://bucket[/prefix]} or fails with the {@link #problem} of it. */
    public static S3Location parse(String value) {
        problem(value).ifPresent(problem -> {
            throw new StateException(problem);
        });
        return new S3Location(value.substring(SCHEME.length()).split("/", 2)[0], prefixOf(value));
    }

    /**
     * What is wrong with {@code value} as an S3 location, if anything. Bucket names follow S3's rules
     * for general purpose buckets: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
     */
    public static Optional<String> problem(String value) {
        if (!isS3(value)) {
            return Optional.of("'" + value + "' is not an S3 location like s3://my-team-state/yocto");
        }
        String bucket = value.substring(SCHEME.length()).split("/", 2)[0];
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") || bucket.contains("..")
                || bucket.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || bucket.startsWith("xn--")
                || bucket.endsWith("-s3alias") || bucket.endsWith("--ol-s3")) {
            return Optional.of("'" + bucket + "' in " + value + " is not an S3 bucket name (3-63 characters of "
                    + "a-z, 0-9, '.' and '-', starting and ending with a letter or digit)");
        }
        String prefix = prefixOf(value);
        if (prefix.contains("//") || prefix.chars().anyMatch(c -> c < 0x20)) {
            return Optional.of("the prefix '" + prefix + "' in " + value + " has an empty path segment or a "
                    + "control character");
        }
        return Optional.empty();
    }

    private static String prefixOf(String value) {
        String[] parts = value.substring(SCHEME.length()).split("/", 2);
        String prefix = parts.length > 1 ? parts[1] : "";
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix;
    }

    public String stateKey(String stack) {
        return key(stack + ".state.json");
    }

    public String lockKey(String stack) {
        return key(stack + ".lock");
    }

    private String key(String name) {
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    public String url(String key) {
        return SCHEME + bucket + "/" + key;
    }

    @Override
    public String toString() {
        return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
