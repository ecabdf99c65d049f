package dev.yocto.state;

import java.util.Optional;

/**
 * Where a stack's state document is kept and how it is locked: a local file ({@link StateFile}) or
 * an S3 object ({@link S3StateBackend}). The document itself, its format and its checks, belong to
 * {@link StateStore}; a backend moves bytes.
 */
public interface StateBackend {

    /** Where the state is, for messages: a path or {@code s3://bucket/key}. */
    String location();

    /** The stored document, or empty when there is none yet. */
    Optional<byte[]> read();

    /**
     * Replaces the stored document. A backend that others may write at the same time writes only
     * over the version it last read or wrote, and fails with {@link StateConflictException} otherwise.
     */
    void write(byte[] document);

    /**
     * Keeps the stored document, of the older schema {@code version}, for good before the first write
     * upgrades it. Nothing by default: a backend that versions every write (a versioned S3 bucket)
     * has it already, and must not read again here, which would move its compare-and-swap past
     * another writer's version.
     */
    default void keepOlderSchema(int version) {
    }

    /** What to do when the stored document cannot be used (where the earlier versions are). */
    String recoveryHint();

    /** Takes the lock for {@code command} or fails with {@link LockHeldException} naming the holder. */
    Lock lock(String command);

    /** Who holds the lock, or left it behind; empty when there is no lock. */
    Optional<LockOwner> lockHolder();

    /**
     * Removes the lock {@code shown} ({@code yocto unlock}, after its holder was shown); refuses when
     * the lock is no longer that one, or (local file) while a live process holds it.
     */
    void breakLock(LockOwner shown);

    /** A held lock; closing it releases it. */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }
}
