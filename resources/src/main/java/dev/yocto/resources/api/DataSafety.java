package dev.yocto.resources.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How deleting the data layer treats data (DESIGN §6): by default the database leaves a final
 * snapshot, secrets stay restorable for a week, and teardown keeps the image buckets. Provision
 * uses the default too, so a replacement never loses data either.
 *
 * @param deleteData     {@code --delete-data}: image buckets (emptied of every version) and secrets
 *                       go for good
 * @param finalSnapshot  false with {@code --skip-final-snapshot}
 * @param startedAt      names the final snapshot, so the command can report it
 */
public record DataSafety(boolean deleteData, boolean finalSnapshot, Instant startedAt) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    public static DataSafety keepData() {
        return new DataSafety(false, true, Instant.now());
    }

    /** The identifier of the final snapshot of a cluster deleted under these rules. */
    public String finalSnapshotId(String clusterId) {
        return clusterId + "-final-" + STAMP.format(startedAt);
    }
}
