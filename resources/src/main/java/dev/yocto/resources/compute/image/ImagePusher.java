package dev.yocto.resources.compute.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code docker push} of a tagged image with registry credentials: reports each layer as it goes
 * (bytes sent, pushed, already there) and fails with the registry's own message when it refuses.
 */
final class ImagePusher {

    private static final long TIMEOUT_MINUTES = 30;
    /** Layers this big are also reported at each quarter of their upload. */
    private static final long REPORTED_IN_QUARTERS = 4 * Mebibytes.ONE;

    private ImagePusher() {
    }

    /** Pushes and returns the manifest digest the daemon reports, if it reports one. */
    static Optional<String> push(DockerClient docker, ImageReference image, RegistryCredentials credentials,
                                 Consumer<String> progress) {
        AuthConfig auth = new AuthConfig().withUsername(credentials.username()).withPassword(credentials.password())
                .withRegistryAddress(image.registryHost());
        Layers layers = new Layers(progress);
        try {
            docker.pushImageCmd(image.name()).withTag(image.tag()).withAuthConfig(auth).exec(layers);
            if (!layers.awaitCompletion(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new ImageException("docker push of " + image.tagged() + " did not finish within "
                        + TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while pushing " + image.tagged(), e);
        } catch (ImageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw refused(image, e.getMessage());
        }
        if (layers.error != null) {
            throw refused(image, layers.error);
        }
        progress.accept(layers.summary());
        return Optional.ofNullable(layers.digest);
    }

    private static ImageException refused(ImageReference image, String message) {
        return new ImageException("the push of " + image.tagged() + " to " + image.registryHost() + " failed: "
                + (message == null ? "no reason given" : message.strip()));
    }

    /** The push's progress stream, per layer. */
    private static final class Layers extends ResultCallback.Adapter<PushResponseItem> {

        private final Consumer<String> progress;
        private final Map<String, Long> sizes = new ConcurrentHashMap<>();
        private final Map<String, Integer> quartersReported = new ConcurrentHashMap<>();
        private int pushed;
        private int present;
        private long bytesPushed;
        private volatile String digest;
        private volatile String error;

        Layers(Consumer<String> progress) {
            this.progress = progress;
        }

        @Override
        public void onNext(PushResponseItem item) {
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
                return;
            }
            if (item.getAux() != null && item.getAux().getDigest() != null) {
                digest = item.getAux().getDigest();
            }
            String layer = item.getId();
            String status = item.getStatus() == null ? "" : item.getStatus();
            if (layer == null || status.isEmpty()) {
                return;
            }
            if (status.equals("Pushing") && item.getProgressDetail() != null) {
                uploading(layer, item.getProgressDetail().getCurrent(), item.getProgressDetail().getTotal());
            } else if (status.equals("Pushed")) {
                long size = sizes.getOrDefault(layer, 0L);
                synchronized (this) {
                    pushed++;
                    bytesPushed += size;
                }
                progress.accept("layer " + layer + " pushed (" + Mebibytes.of(size) + ")");
            } else if (status.equals("Layer already exists") || status.startsWith("Mounted from")) {
                synchronized (this) {
                    present++;
                }
                progress.accept("layer " + layer + " already in the registry"
                        + (status.startsWith("Mounted") ? " (" + status.toLowerCase(Locale.ROOT) + ")" : ""));
            }
        }

        private void uploading(String layer, Long current, Long total) {
            if (current == null || total == null || total <= 0) {
                return;
            }
            sizes.put(layer, total);
            if (total < REPORTED_IN_QUARTERS) {
                return;
            }
            int quarter = (int) Math.min(3, current * 4 / total);
            Integer before = quartersReported.put(layer, quarter);
            if (quarter > 0 && (before == null || quarter > before)) {
                progress.accept("layer " + layer + ": " + Mebibytes.of(current) + " of " + Mebibytes.of(total));
            }
        }

        synchronized String summary() {
            return "pushed " + pushed + " layer" + (pushed == 1 ? "" : "s") + " (" + Mebibytes.of(bytesPushed) + "), "
                    + present + " already in the registry" + (digest == null ? "" : "; digest " + digest);
        }
    }
}
