package dev.yocto.resources.api;

/**
 * One field in which AWS differs from the desired settings. {@code replace} means AWS cannot change
 * it in place.
 */
public record Difference(String field, String desired, String live, boolean replace) {
}
