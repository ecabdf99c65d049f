package dev.yocto.resources.compute.image;

import java.net.URI;

/**
 * An image registry: its host (with port) as image names carry it, and whether it speaks plain
 * HTTP. Like Docker, yocto assumes plain HTTP for a loopback registry (127.0.0.1:5000) and HTTPS
 * for any other. {@code http://} is refused for any other: the registry's credentials (an ECR
 * token) and the image would cross the network in clear.
 */
public record Registry(String host, boolean plainHttp) {

    public static Registry parse(String value) {
        String text = value.strip();
        if (text.startsWith("http://")) {
            String host = hostPart(text.substring("http://".length()));
            if (!isLoopback(host)) {
                throw new IllegalArgumentException("plain HTTP only for a registry on this machine (localhost, "
                        + "127.x, ::1); " + host + " must be reached over HTTPS (https://" + host + " or " + host + ")");
            }
            return new Registry(host, true);
        }
        if (text.startsWith("https://")) {
            return new Registry(hostPart(text.substring("https://".length())), false);
        }
        String host = hostPart(text);
        return new Registry(host, isLoopback(host));
    }

    /** The registry of an image or repository URI such as {@code 1234.dkr.ecr.us-west-2.amazonaws.com/name}. */
    public static Registry ofRepositoryUri(String repositoryUri) {
        return parse(repositoryUri.substring(0, repositoryUri.indexOf('/')));
    }

    /** A URI of the registry's HTTP API v2: {@code path} follows {@code /v2/}. */
    URI api(String path) {
        return URI.create((plainHttp ? "http" : "https") + "://" + host + "/v2/" + path);
    }

    private static String hostPart(String text) {
        int slash = text.indexOf('/');
        return slash < 0 ? text : text.substring(0, slash);
    }

    private static boolean isLoopback(String host) {
        String name = host.startsWith("[") ? host.substring(1, host.indexOf(']')) : host.replaceFirst(":\\d+$", "");
        return name.equals("localhost") || name.matches("127(\\.\\d{1,3}){3}") || name.equals("::1");
    }
}
