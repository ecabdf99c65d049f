package dev.yocto.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock on a state file: an OS lock on {@code <state>.lock}, whose content says who
 * holds it. A process that dies loses its OS lock, so its leftover file never blocks the next run;
 * {@link #removeStale} clears such a file explicitly ({@code yocto unlock}).
 */
public final class StateLock implements StateBackend.Lock {

    private final Path lockPath;
    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(Path lockPath, FileChannel channel, FileLock lock) {
        this.lockPath = lockPath;
        this.channel = channel;
        this.lock = lock;
    }

    public static Path lockPathOf(Path statePath) {
        return statePath.toAbsolutePath().resolveSibling(statePath.getFileName() + ".lock");
    }

    /** Takes the lock or fails with {@link LockHeldException} naming the holder. */
    public static StateLock acquire(Path statePath, String command) {
        Path lockPath = lockPathOf(statePath);
        FileChannel channel = null;
        try {
            Files.createDirectories(lockPath.getParent());
            channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                LockOwner owner = readOwner(lockPath).orElse(null);
                channel.close();
                throw new LockHeldException("the state " + statePath + " is locked by "
                        + (owner == null ? "another process" : owner.describe())
                        + ". Wait for it to finish; if that process is gone for good, run 'yocto unlock'.", owner);
            }
            LockOwner me = LockOwner.current(command);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(StateStore.JSON.writeValueAsBytes(me)), 0);
            channel.force(true);
            return new StateLock(lockPath, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StateException("cannot lock " + lockPath + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes a lock file nobody holds any more and returns who had written it; refuses while a
     * live process holds the lock.
     */
    public static Optional<LockOwner> removeStale(Path statePath) {
        Path lockPath = lockPathOf(statePath);
        if (!Files.exists(lockPath)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(channel);
            Optional<LockOwner> owner = readOwner(lockPath);
            if (lock == null) {
                throw new LockHeldException("the lock on " + statePath + " is held by a running process: "
                        + owner.map(LockOwner::describe).orElse("unknown")
                        + ". Stop that process first; unlock only removes locks left behind.", owner.orElse(null));
            }
            Files.delete(lockPath);
            lock.release();
            return owner;
        } catch (IOException e) {
            throw new StateException("cannot remove " + lockPath + ": " + e.getMessage(), e);
        }
    }

    /** Who wrote the lock file, if it has content: a holder, or one that is gone (emptied on release). */
    static Optional<LockOwner> holder(Path statePath) {
        return readOwner(lockPathOf(statePath));
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very JVM
        }
    }

    private static Optional<LockOwner> readOwner(Path lockPath) {
        try {
            byte[] bytes = Files.readAllBytes(lockPath);
            return bytes.length == 0 ? Optional.empty() : Optional.of(StateStore.JSON.readValue(bytes, LockOwner.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }


    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }

    @Override
    public void close() {
        try {
            // Emptied rather than deleted: deleting would let a waiter lock an orphaned inode.
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new StateException("cannot release " + lockPath + ": " + e.getMessage(), e);
        }
    }
}
