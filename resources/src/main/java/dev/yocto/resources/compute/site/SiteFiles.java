package dev.yocto.resources.compute.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The built site on disk: {@code dist/} and the manifest of its files, keyed by their path relative to it with '/'. */
record SiteFiles(Path dist, Manifest manifest) {

    static SiteFiles scan(Path dist) {
        Map<String, String> md5ByKey = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dist)) {
            files.filter(Files::isRegularFile).forEach(file -> md5ByKey.put(key(dist, file), md5(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SiteFiles(dist, Manifest.of(md5ByKey));
    }

    Path path(String key) {
        return dist.resolve(key);
    }

    private static String key(Path dist, Path file) {
        return dist.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    static String md5(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
