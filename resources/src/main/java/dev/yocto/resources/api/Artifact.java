package dev.yocto.resources.api;

import java.util.Optional;

/**
 * Something built from local sources before the graph — the backend jar, the web build — that a
 * resource then only reads. {@code provision} builds what is stale first; {@code plan} and
 * {@code status} never build: they say what would be rebuilt.
 */
public interface Artifact {

    /** The resource that reads it: where its progress and failures are reported. */
    Address address();

    /** What it is, for the user: {@code backend jar app/target/app.jar}. */
    String name();

    /**
     * False where its sources are absent (a directory with only {@code yocto.yaml}, as a CI runner
     * or a teammate has it): it cannot be built there, and its resource is compared with what was
     * deployed instead.
     */
    boolean sourcesPresent();

    /** Why it would be built again, or empty when it is newer than its sources. Reads only. */
    Optional<String> staleReason();

    /** Builds it when stale, reporting each step through the context. */
    void build(Context context);
}
