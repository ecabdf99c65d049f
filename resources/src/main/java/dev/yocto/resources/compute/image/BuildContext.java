package dev.yocto.resources.compute.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The files of a build context that its {@code .dockerignore} lets through (the Dockerfile always),
 * their content hash, and the tar that is sent to the daemon. The hash is over exactly what is
 * sent, and the tar carries a fixed time and owner, so it too depends on nothing but the content.
 */
public final class BuildContext {

    /** Short enough to read, long enough (128 bits) never to collide by accident. */
    private static final int TAG_LENGTH = 32;
    private static final Date FIXED_TIME = new Date(0);

    private final Path directory;
    private final List<String> files;

    private BuildContext(Path directory, List<String> files) {
        this.directory = directory;
        this.files = List.copyOf(files);
    }

    /** Lists what the context sends; fails when it has no {@code dockerfile}. */
    public static BuildContext scan(Path directory, String dockerfile) {
        Path root = directory.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve(dockerfile))) {
            throw new ImageException("the build context " + root + " has no " + dockerfile);
        }
        DockerIgnore ignore = DockerIgnore.of(root);
        SortedSet<String> files = new TreeSet<>();
        files.add(dockerfile);
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(path -> !Files.isDirectory(path))
                    .map(path -> root.relativize(path).toString().replace('\\', '/'))
                    .filter(path -> !ignore.excludes(path))
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the build context " + root, e);
        }
        return new BuildContext(root, new ArrayList<>(files));
    }

    public Path directory() {
        return directory;
    }

    /** Paths relative to the context, sorted, with {@code /}. */
    public List<String> files() {
        return files;
    }

    public long size() {
        return files.stream().mapToLong(file -> sizeOf(directory.resolve(file))).sum();
    }

    /**
     * The image tag for this content: a hash of the platform, the build arguments, and each file's
     * path, executable bit and bytes. Modification times do not count, so a rebuilt jar with the
     * same bytes keeps the tag.
     */
    public String contentHash(String platform, Map<String, String> buildArgs) {
        MessageDigest digest = sha256();
        update(digest, "platform " + platform + "\n");
        new java.util.TreeMap<>(buildArgs).forEach((name, value) -> update(digest, "arg " + name + "=" + value + "\n"));
        for (String file : files) {
            Path path = directory.resolve(file);
            String content = Files.isSymbolicLink(path) ? "link " + linkTarget(path) : "sha256 " + fileHash(path);
            update(digest, "file " + file + " " + (Files.isExecutable(path) ? "755" : "644") + " " + content + "\n");
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, TAG_LENGTH);
    }

    /** Writes the context as the tar the daemon's build endpoint takes. */
    public void writeTar(OutputStream out) {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (String parent : parentDirectories()) {
                TarArchiveEntry entry = new TarArchiveEntry(parent + "/");
                entry.setMode(040755);
                entry.setModTime(FIXED_TIME);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            for (String file : files) {
                Path path = directory.resolve(file);
                if (Files.isSymbolicLink(path)) {
                    TarArchiveEntry entry = new TarArchiveEntry(file, TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(linkTarget(path));
                    entry.setModTime(FIXED_TIME);
                    tar.putArchiveEntry(entry);
                    tar.closeArchiveEntry();
                    continue;
                }
                TarArchiveEntry entry = new TarArchiveEntry(file);
                entry.setSize(Files.size(path));
                entry.setMode(Files.isExecutable(path) ? 0100755 : 0100644);
                entry.setModTime(FIXED_TIME);
                tar.putArchiveEntry(entry);
                Files.copy(path, tar);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build context of " + directory, e);
        }
    }

    private SortedSet<String> parentDirectories() {
        SortedSet<String> parents = new TreeSet<>();
        for (String file : files) {
            for (int slash = file.indexOf('/'); slash > 0; slash = file.indexOf('/', slash + 1)) {
                parents.add(file.substring(0, slash));
            }
        }
        return parents;
    }

    private static String fileHash(Path path) {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String linkTarget(Path path) {
        try {
            return Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the link " + path, e);
        }
    }

    private static long sizeOf(Path path) {
        try {
            return Files.isSymbolicLink(path) ? 0 : Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
