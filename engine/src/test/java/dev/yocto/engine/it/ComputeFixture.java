package dev.yocto.engine.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import dev.yocto.resources.compute.image.DockerDaemon;
import dev.yocto.resources.compute.image.ImageException;
import dev.yocto.resources.compute.image.ImageSettings;
import dev.yocto.testkit.Requirements;
import dev.yocto.testkit.StandInBaseImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a whole-stack run needs on this machine: the Docker daemon, the local registry that stands in
 * for ECR's (moto has none), an arm64 stand-in base image, and a working directory with a tiny
 * backend context and a built frontend.
 */
final class ComputeFixture {

    static final String REGISTRY = "127.0.0.1:5000";
    static final String BASE_IMAGE = "yocto-test/stand-in-base:arm64-engine";
    /** The files of the frontend's dist, as {@code web/dist/<key>}. */
    static final List<String> DIST = List.of("index.html", "assets/app-1a2b3c4d.js", "assets/style-5e6f7a8b.css",
            "favicon.ico");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static boolean baseLoaded;

    private ComputeFixture() {
    }

    /**
     * A stack name of its own for each run: the local registry outlives the emulator, so images of
     * an earlier run (one that failed before its teardown) must not be counted as this run's.
     */
    static String uniqueStack(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 6);
    }

    /** Skips (fails in CI) without a daemon or registry; loads the stand-in base once per JVM. */
    static synchronized void requireDockerAndRegistry() throws IOException {
        DockerClient docker;
        try {
            docker = DockerDaemon.fromEnvironment().open();
        } catch (ImageException e) {
            Requirements.require(false, "a Docker daemon (run .ci/setup-docker): " + e.getMessage());
            return;
        }
        try (docker) {
            Requirements.require(registryAnswers(), "a registry on " + REGISTRY + " (run .ci/setup-docker)");
            if (!baseLoaded) {
                docker.loadImageCmd(new ByteArrayInputStream(StandInBaseImage.tarball(BASE_IMAGE, "arm64"))).exec();
                baseLoaded = true;
            }
        }
    }

    /** A CLI for the whole stack in {@code dir}: yocto.yaml, app/ and web/ written, the stand-in base chosen. */
    static Cli cli(dev.yocto.testkit.AwsEmulator emulator, Path dir, String stack) throws IOException {

        Files.writeString(dir.resolve("yocto.yaml"), "stack: " + stack + "\nimage: {context: app}\nweb: {dir: web}\n");
        write(dir, "app/Dockerfile", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY target/app.jar /app/app.jar\n"
                + "USER 10001:10001\nEXPOSE 80\n");
        write(dir, "app/target/app.jar", "stand-in jar of " + stack + "\n");
        write(dir, "web/src/main.tsx", "// the sources, older than dist\n");
        Files.setLastModifiedTime(dir.resolve("web/src/main.tsx"), FileTime.from(Instant.now().minusSeconds(3600)));
        for (String key : DIST) {
            write(dir, "web/dist/" + key, key.endsWith(".html") ? "<!doctype html><title>Yoctogram</title>\n"
                    : "/* " + key + " */\n");
        }
        return new Cli(emulator, dir, stack, "compute").environment(ImageSettings.BASE_IMAGE_VARIABLE, BASE_IMAGE);
    }

    static void write(Path dir, String file, String content) throws IOException {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    /** The image config (architecture, os, ...) of {@code repository@reference}, read from the registry. */
    static JsonNode imageConfig(String repository, String reference) throws Exception {
        JsonNode manifest = JSON.readTree(get(repository + "/manifests/" + reference,
                "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json"));
        return JSON.readTree(get(repository + "/blobs/" + manifest.path("config").path("digest").asText(), "*/*"));
    }

    /** The tags of a repository in the registry; empty when it has none (or is unknown). */
    static List<String> tags(String repository) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/"
                + repository + "/tags/list")).build(), HttpResponse.BodyHandlers.ofString());
        List<String> tags = new ArrayList<>();
        if (response.statusCode() == 200) {
            JSON.readTree(response.body()).path("tags").forEach(tag -> tags.add(tag.asText()));
        }
        return tags;
    }

    private static boolean registryAnswers() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String get(String path, String accept) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/" + path))
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
