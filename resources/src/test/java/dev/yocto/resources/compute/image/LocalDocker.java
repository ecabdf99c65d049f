package dev.yocto.resources.compute.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import dev.yocto.testkit.StandInBaseImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the image tests run against: the machine's Docker daemon, the local registry on
 * 127.0.0.1:5000, and a stand-in arm64 base image loaded into the daemon (no public registry is
 * reachable). Also counts the builds and pushes a connection makes.
 */
final class LocalDocker {

    static final String REGISTRY = "127.0.0.1:5000";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocalDocker() {
    }

    /** A client of the daemon, or empty (with the reason on stderr) when none answers. */
    static Optional<DockerClient> daemon() {
        try {
            return Optional.of(DockerDaemon.fromEnvironment().open());
        } catch (ImageException e) {
            System.err.println(e.getMessage());
            return Optional.empty();
        }
    }

    static boolean registryAnswers() {
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

    static void loadStandInBase(DockerClient docker, String tag, String architecture) throws IOException {
        docker.loadImageCmd(new ByteArrayInputStream(StandInBaseImage.tarball(tag, architecture))).exec();
    }

    /** The image config (architecture, os, config.User, ...) of {@code repository:reference}, read from the registry. */
    static JsonNode imageConfig(String repository, String reference) throws Exception {
        JsonNode manifest = JSON.readTree(get(repository + "/manifests/" + reference,
                "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json"));
        return JSON.readTree(get(repository + "/blobs/" + manifest.path("config").path("digest").asText(), "*/*"));
    }

    private static String get(String path, String accept) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/" + path))
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** A connection to the real daemon that counts the builds and pushes made through it. */
    static final class Counting implements DockerConnection {

        final AtomicInteger builds = new AtomicInteger();
        final AtomicInteger pushes = new AtomicInteger();
        private final DockerConnection daemon;

        Counting(DockerConnection daemon) {
            this.daemon = daemon;
        }

        @Override
        public DockerClient open() {
            DockerClient client = daemon.open();
            return (DockerClient) Proxy.newProxyInstance(DockerClient.class.getClassLoader(),
                    new Class<?>[] {DockerClient.class}, (proxy, method, args) -> {
                        if (method.getName().equals("buildImageCmd")) {
                            builds.incrementAndGet();
                        } else if (method.getName().equals("pushImageCmd")) {
                            pushes.incrementAndGet();
                        }
                        try {
                            return method.invoke(client, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
