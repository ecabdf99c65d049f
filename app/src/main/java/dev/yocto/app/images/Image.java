package dev.yocto.app.images;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** An image row: who owns it, where it lives, whether its upload was confirmed. */
public record Image(UUID id, UUID ownerId, boolean isPublic, String key, String contentType, boolean uploaded,
                    Instant createdAt) {

    /** Whether the caller may see this image at all, confirmed or not. */
    public boolean visibleTo(Optional<UUID> caller) {
        return isPublic || caller.filter(ownerId::equals).isPresent();
    }
}
