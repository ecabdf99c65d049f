package dev.yocto.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
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
 * Reads and writes one stack's state file. Every write goes to a temporary file in the same
 * directory, is forced to disk and renamed over the old file, whose previous content is kept as
 * {@code <file>.backup}; the file is readable by its owner only.
 */
public final class StateStore {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The last step of a write; a seam so tests can simulate a crash just before it. */
    interface Rename {
        void move(Path from, Path to) throws IOException;
    }

    private final Path path;
    private final Rename rename;

    public StateStore(Path path) {
        this(path, (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING));
    }

    StateStore(Path path, Rename rename) {
        this.path = path.toAbsolutePath();
        this.rename = rename;
    }

    public Path path() {
        return path;
    }

    public Path backupPath() {
        return path.resolveSibling(path.getFileName() + ".backup");
    }

    /**
     * Reads the state, or empty when there is no file yet. Fails with a message naming the backup
     * when the file is not valid JSON, of an unknown version, or of another stack or region.
     */
    public Optional<StackState> load(String expectedStack, String expectedRegion) {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        StackState state;
        try {
            state = JSON.readValue(Files.readAllBytes(path), StackState.class);
        } catch (JsonProcessingException e) {
            throw new StateException("state file " + path + " is not valid yocto state ("
                    + e.getOriginalMessage() + "). Nothing was changed. " + recoveryHint());
        } catch (IOException e) {
            throw new StateException("cannot read state file " + path + ": " + e.getMessage(), e);
        }
        if (state == null || state.stack() == null || state.lineage() == null || state.resources() == null) {
            throw new StateException("state file " + path + " lacks stack, lineage or resources. Nothing was changed. "
                    + recoveryHint());
        }
        if (state.version() != StackState.CURRENT_VERSION) {
            throw new StateException("state file " + path + " has schema version " + state.version()
                    + "; this yocto reads version " + StackState.CURRENT_VERSION
                    + ". Use the yocto release that wrote it. Nothing was changed.");
        }
        if (!state.stack().equals(expectedStack)) {
            throw new StateException("state file " + path + " belongs to stack '" + state.stack()
                    + "', not '" + expectedStack + "'. Point --state at the file of stack '" + expectedStack
                    + "' or set 'stack' in the configuration. Nothing was changed.");
        }
        if (!state.region().equals(expectedRegion)) {
            throw new StateException("state file " + path + " is for region " + state.region() + ", not "
                    + expectedRegion + ". Use --region " + state.region()
                    + " or another --state file. Nothing was changed.");
        }
        return Optional.of(state);
    }

    private String recoveryHint() {
        return Files.exists(backupPath())
                ? "The previous version is in " + backupPath() + ": inspect it and copy it over " + path
                        + ", or move " + path + " away and run 'yocto provision' to rebuild the state from tags."
                : "Move " + path + " away and run 'yocto provision': it rebuilds the state from the resources' tags.";
    }

    /** Writes the state with the next serial and returns what was written. */
    public synchronized StackState save(StackState state) {
        StackState next = state.withSerial(state.serial() + 1);
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
            writeDurably(temp, JSON.writeValueAsBytes(next));
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
        return next;
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
