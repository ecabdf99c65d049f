package dev.yocto.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The state in a local file. Every write goes to a temporary file in the same directory, is forced
 * to disk and renamed over the old file, whose previous content is kept as {@code <file>.backup};
 * the file is readable by its owner only. The lock is {@link StateLock}.
 */
public final class StateFile implements StateBackend {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** The last step of a write; a seam so tests can simulate a crash just before it. */
    interface Rename {
        void move(Path from, Path to) throws IOException;
    }

    private final Path path;
    private final Rename rename;

    public StateFile(Path path) {
        this(path, (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING));
    }

    StateFile(Path path, Rename rename) {
        this.path = path.toAbsolutePath();
        this.rename = rename;
    }

    public Path path() {
        return path;
    }

    /** Where the last file of an older schema is kept once a write upgrades it. */
    public Path olderSchemaPath(int version) {
        return path.resolveSibling(path.getFileName() + ".v" + version + ".backup");
    }

    @Override
    public void keepOlderSchema(int version) {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Path kept = olderSchemaPath(version);
            Files.deleteIfExists(kept);
            Files.createFile(kept, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            writeDurably(kept, Files.readAllBytes(path));
        } catch (IOException e) {
            throw new StateException("cannot keep the version-" + version + " state as " + olderSchemaPath(version)
                    + " before upgrading it: " + e.getMessage() + ". The state is unchanged.", e);
        }
    }

    public Path backupPath() {
        return path.resolveSibling(path.getFileName() + ".backup");
    }

    @Override
    public String location() {
        return path.toString();
    }

    @Override
    public Optional<byte[]> read() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new StateException("cannot read state file " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String recoveryHint() {
        return Files.exists(backupPath())
                ? "The previous version is in " + backupPath() + ": inspect it and copy it over " + path
                        + ", or move " + path + " away and run 'yocto provision' to rebuild the state from tags."
                : "Move " + path + " away and run 'yocto provision': it rebuilds the state from the resources' tags.";
    }

    @Override
    public synchronized void write(byte[] document) {
        try {
            Path dir = path.getParent();
            Files.createDirectories(dir);
            Path temp = dir.resolve("." + path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.deleteIfExists(temp);
            try {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException e) {
                throw new StateException("temporary state file " + temp + " appeared during a write", e);
            }
            writeDurably(temp, document);
            if (Files.exists(path)) {
                Path backupTemp = dir.resolve("." + path.getFileName() + ".backup.tmp");
                Files.copy(path, backupTemp, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(backupTemp, OWNER_ONLY);
                Files.move(backupTemp, backupPath(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            rename.move(temp, path);
            forceDirectory(dir);
        } catch (IOException e) {
            throw new StateException("cannot write state file " + path + ": " + e.getMessage()
                    + ". The previous state is unchanged.", e);
        }
    }

    @Override
    public Lock lock(String command) {
        return StateLock.acquire(path, command);
    }

    @Override
    public Optional<LockOwner> lockHolder() {
        return StateLock.holder(path);
    }

    /** The OS knows whether the holder lives: a live one is refused whatever was shown. */
    @Override
    public void breakLock(LockOwner shown) {
        StateLock.removeStale(path);
    }

    private static void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not every file system lets a directory be opened for sync; the rename is still atomic.
        }
    }
}
