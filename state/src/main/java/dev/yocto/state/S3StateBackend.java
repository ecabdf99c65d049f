package dev.yocto.state;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The state as an S3 object {@code <prefix>/<stack>.state.json} in a bucket the user names. Every
 * write is compare-and-swap: {@code If-Match} with the ETag this run read or last wrote, or
 * {@code If-None-Match: *} for the first one; a lost condition means someone else wrote, and nothing
 * is overwritten. Bucket versioning keeps every earlier state. The lock is the object
 * {@code <prefix>/<stack>.lock} ({@link S3StateLock}).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 */
public final class S3StateBackend implements StateBackend {

    /** User metadata of each state version: who wrote it, and a unique id of that write. */
    static final String WRITER = "yocto-writer";
    static final String WRITE_ID = "yocto-write-id";

    private final S3Client s3;
    private final S3Location location;
    private final String region;
    private final String stateKey;
    private final S3StateLock lock;
    /** The ETag of the version this run read or last wrote; null when there was none. */
    private String etag;
    private LockOwner writer;

    /**
     * @param region the stack's region, where {@code yocto state init-bucket} would create the bucket;
     *               the client finds the bucket in whatever region it is
     */
    public S3StateBackend(S3Client s3, S3Location location, String stack, String region) {
        this.s3 = s3;
        this.location = location;
        this.region = region;
        this.stateKey = location.stateKey(stack);
        this.lock = new S3StateLock(s3, location, stack, region);
        this.writer = LockOwner.current("read");
    }

    public S3Location s3Location() {
        return location;
    }

    @Override
    public String location() {
        return location.url(stateKey);
    }

    @Override
    public synchronized Optional<byte[]> read() {
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(stateKey));
            etag = object.response().eTag();
            return Optional.of(object.asByteArray());
        } catch (S3Exception e) {
            if (S3Errors.isMissing(e) && !S3Errors.isMissingBucket(e)) {
                etag = null;
                return Optional.empty();
            }
            throw S3Errors.explain(e, location.bucket(), region, "read " + location());
        }
    }

    @Override
    public synchronized void write(byte[] document) {
        if (etag == null) {
            requireVersioning();
        }
        String writeId = UUID.randomUUID().toString();
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(location.bucket()).key(stateKey)
                .contentType("application/json").metadata(Map.of(WRITER, writer.describe(), WRITE_ID, writeId));
        if (etag == null) {
            put.ifNoneMatch("*");
        } else {
            put.ifMatch(etag);
        }
        try {
            etag = s3.putObject(put.build(), RequestBody.fromBytes(document)).eTag();
        } catch (S3Exception e) {
            // If-Match on a key someone deleted answers 404 NoSuchKey: that, too, is a lost race.
            if (!S3Errors.isConditionFailed(e) && !(S3Errors.isMissing(e) && !S3Errors.isMissingBucket(e))) {
                throw S3Errors.explain(e, location.bucket(), region, "write " + location());
            }
            Optional<HeadObjectResponse> current = head(stateKey);
            if (current.isPresent() && writeId.equals(current.get().metadata().get(WRITE_ID))) {
                // Our own write, answered by a retry of it whose first attempt had gone through.
                etag = current.get().eTag();
                return;
            }
            throw conflict(current);
        }
    }

    private StateConflictException conflict(Optional<HeadObjectResponse> current) {
        String who = current.map(head -> "it was written at " + head.lastModified() + " by "
                + head.metadata().getOrDefault(WRITER, "an unknown writer")).orElse("it was deleted");
        String lock = lockHolder().map(owner -> owner.describe().equals(writer.describe())
                ? "The lock is still this run's: someone wrote without it (after 'yocto unlock', or 'yocto state push --force')."
                : "The lock is now held by " + owner.describe() + ".").orElse("Nobody holds the lock now.");
        return new StateConflictException("the state " + location() + " changed since this run read it: " + who
                + ". Nothing was overwritten; this run's last changes are not in the state (the next provision "
                + "finds them by their tags). " + lock + " Earlier states are kept as object versions.");
    }

    private void requireVersioning() {
        BucketVersioningStatus status;
        try {
            status = s3.getBucketVersioning(r -> r.bucket(location.bucket())).status();
        } catch (S3Exception e) {
            throw S3Errors.explain(e, location.bucket(), region, "read the versioning of");
        }
        if (status != BucketVersioningStatus.ENABLED) {
            throw new StateException("the state bucket '" + location.bucket() + "' does not keep versions, so a "
                    + "state written there would replace the previous one for good. Turn versioning on: 'aws s3api "
                    + "put-bucket-versioning --bucket " + location.bucket() + " --versioning-configuration "
                    + "Status=Enabled' (or 'yocto state init-bucket'). Nothing was written.");
        }
    }

    @Override
    public String recoveryHint() {
        return "Every earlier state is an object version: list them with 'aws s3api list-object-versions --bucket "
                + location.bucket() + " --prefix " + stateKey + "', save one with 'aws s3api get-object --bucket "
                + location.bucket() + " --key " + stateKey + " --version-id ID state.json', and upload it with "
                + "'yocto state push state.json --force'; or remove the object and run 'yocto provision', which "
                + "rebuilds the state from the resources' tags.";
    }

    @Override
    public synchronized Lock lock(String command) {
        LockOwner me = LockOwner.current(command);
        Lock held = lock.acquire(me);
        writer = me;
        return held;
    }

    @Override
    public Optional<LockOwner> lockHolder() {
        return lock.read().map(S3StateLock.Held::owner);
    }

    @Override
    public void breakLock(LockOwner shown) {
        lock.breakLock(shown);
    }

    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(r -> r.bucket(location.bucket()).key(key)));
        } catch (S3Exception e) {
            if (S3Errors.isMissing(e)) {
                return Optional.empty();
            }
            throw S3Errors.explain(e, location.bucket(), region, "read " + location.url(key));
        }
    }
}
