package dev.yocto.resources.compute.image;

/** An image in a registry: {@code <registry host>/<repository>:<tag>}, or pinned by digest. */
public record ImageReference(String registryHost, String repository, String tag) {

    /** The image name without tag, as Docker pushes it. */
    public String name() {
        return registryHost + "/" + repository;
    }

    public String tagged() {
        return name() + ":" + tag;
    }

    /** What a task definition refers to: immutable, unlike a tag. */
    public String byDigest(String digest) {
        return name() + "@" + digest;
    }

    public ImageReference withTag(String otherTag) {
        return new ImageReference(registryHost, repository, otherTag);
    }
}
