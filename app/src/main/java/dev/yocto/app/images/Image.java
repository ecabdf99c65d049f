package dev.yocto.app.images;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * An image row: who owns it, where it is served from ({@code key}), whether its upload was
 * confirmed. Uploads land under {@link #uploadKey()}, which nothing serves; confirm copies the
 * checked bytes to {@code key}.
 */
public record Image(UUID id, UUID ownerId, boolean isPublic, String key, String contentType, boolean uploaded,
                    Instant createdAt) {

    public static final String UPLOAD_PREFIX = "uploads/";
    public static final String SERVED_PREFIX = "images/";

    public String uploadKey() {
        return UPLOAD_PREFIX + id;
    }

    /** Whether the caller may see this image at all, confirmed or not. */
    public boolean visibleTo(Optional<UUID> caller) {
        return isPublic || caller.filter(ownerId::equals).isPresent();
    }
}
