package dev.yocto.resources.compute.image;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The calls of the Docker Registry HTTP API v2 that yocto makes itself, the same on ECR and on a
 * plain registry: whether a tag (or digest) exists and its manifest digest, and deleting a manifest.
 */
public final class RegistryClient {

    /** Every manifest type a single- or multi-platform push leaves, so the registry never converts one. */
    static final String MANIFEST_TYPES = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String DIGEST_HEADER = "Docker-Content-Digest";

    private final Registry registry;
    private final RegistryCredentials credentials;
    private final HttpClient http;

    public RegistryClient(Registry registry, RegistryCredentials credentials) {
        this.registry = registry;
        this.credentials = credentials;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /** The manifest digest of {@code repository:reference} ({@code HEAD /v2/<repo>/manifests/<ref>}), or empty. */
    public Optional<String> digest(String repository, String reference) {
        URI uri = registry.api(repository + "/manifests/" + reference);
        HttpResponse<Void> head = send(request(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        if (head.statusCode() == 404) {
            return Optional.empty();
        }
        if (head.statusCode() != 200) {
            throw refused("HEAD", uri, head.statusCode(), errorBody(uri));
        }
        return Optional.of(head.headers().firstValue(DIGEST_HEADER).orElseThrow(() -> new ImageException(
                "the registry at " + uri + " answered without a " + DIGEST_HEADER + " header")));
    }

    /** Deletes a manifest by digest; false when the registry does not allow deleting (405). */
    public boolean delete(String repository, String digest) {
        URI uri = registry.api(repository + "/manifests/" + digest);
        HttpResponse<String> response = send(request(uri).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        return switch (response.statusCode()) {
            case 200, 202, 404 -> true;
            case 405 -> false;
            default -> throw refused("DELETE", uri, response.statusCode(), response.body());
        };
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", MANIFEST_TYPES)
                .header("Authorization", credentials.basicAuthorization());
    }

    /** A HEAD answer has no body: the registry's own message comes from the same request as a GET. */
    private String errorBody(URI uri) {
        return send(request(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            String hint = registry.plainHttp() ? "; for local runs start one with .ci/setup-docker, or set "
                    + ImageSettings.REGISTRY_VARIABLE + " to one that runs" : "";
            throw new RegistryUnreachableException("the registry " + registry.host() + " does not answer ("
                    + request.uri() + ": " + e + ")" + hint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while asking the registry " + registry.host(), e);
        }
    }

    private ImageException refused(String method, URI uri, int status, String body) {
        String hint = status == 401 || status == 403 ? " (the credentials from ECR GetAuthorizationToken were refused)"
                : "";
        return new ImageException("the registry answered " + method + " " + uri + " with HTTP " + status + hint
                + ": " + body.strip());
    }
}
