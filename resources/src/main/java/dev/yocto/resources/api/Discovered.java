package dev.yocto.resources.api;

/** A resource found by the stack's tags: the logical id its tags name, and AWS's id of it. */
public record Discovered(Address address, String physicalId) {
}
