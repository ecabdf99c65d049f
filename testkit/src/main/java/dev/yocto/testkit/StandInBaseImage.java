package dev.yocto.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A tiny image in {@code docker save} format whose config claims a platform (e.g. linux/arm64).
 * It cannot run anything; it lets {@code docker build --platform} work offline and without
 * emulation for Dockerfiles that have no RUN step. No image registry need be reachable: load it
 * with {@code docker load} ({@code DockerClient.loadImageCmd}) and build {@code FROM} its tag.
 */
public final class StandInBaseImage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StandInBaseImage() {
    }

    /** The tarball {@code docker load} accepts, tagged {@code tag}. */
    public static byte[] tarball(String tag, String architecture) throws IOException {
        byte[] layer = tar(Map.of("etc/yocto-stand-in", ("stand-in base image for " + architecture + "\n")
                .getBytes(StandardCharsets.UTF_8)), List.of("tmp/", "etc/"));
        String layerDigest = "sha256:" + sha256(layer);

        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", architecture);
        config.put("os", "linux");
        config.putObject("config").putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(layerDigest);
        config.putArray("history").addObject().put("created_by", "yocto test stand-in");
        byte[] configBytes = JSON.writeValueAsBytes(config);
        String configName = sha256(configBytes) + ".json";

        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("Config", configName);
        manifest.putArray("RepoTags").add(tag);
        manifest.putArray("Layers").add("layer/layer.tar");
        byte[] manifestBytes = JSON.writeValueAsBytes(JSON.createArrayNode().add(manifest));

        return tar(Map.of(configName, configBytes, "layer/layer.tar", layer, "manifest.json", manifestBytes),
                List.of("layer/"));
    }

    private static byte[] tar(Map<String, byte[]> files, List<String> directories) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (String directory : directories) {
                TarArchiveEntry entry = new TarArchiveEntry(directory);
                entry.setMode(directory.equals("tmp/") ? 041777 : 040755);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, byte[]> file : new java.util.TreeMap<>(files).entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                entry.setMode(0100644);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
