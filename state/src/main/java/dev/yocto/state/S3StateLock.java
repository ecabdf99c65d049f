package dev.yocto.state;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The lock of a state in S3: an object created with {@code If-None-Match: *}, so of two runs
 * anywhere only one creates it, holding its owner (pid, host, user, command, start time). It is
 * deleted when the run ends, fails or is interrupted, with {@code If-Match} on its own ETag so a lock
 * someone else took meanwhile is never removed. A run killed with SIGKILL leaves it:
 * {@code yocto unlock} shows the holder and removes it.
 */
final class S3StateLock {

    /** The lock object as read: who holds it and the ETag of that version. */
    record Held(LockOwner owner, String etag) {
    }

    private final S3Client s3;
    private final S3Location location;
    private final String key;
    private final String region;
    private final String stateUrl;

    S3StateLock(S3Client s3, S3Location location, String stack, String region) {
        this.s3 = s3;
        this.location = location;
        this.key = location.lockKey(stack);
        this.region = region;
        this.stateUrl = location.url(location.stateKey(stack));
    }

    StateBackend.Lock acquire(LockOwner me) {
        byte[] content = StateStore.json(me);
        try {
            String etag = s3.putObject(r -> r.bucket(location.bucket()).key(key).contentType("application/json")
                    .ifNoneMatch("*"), RequestBody.fromBytes(content)).eTag();
            return new Release(etag);
        } catch (S3Exception e) {
            if (!S3Errors.isConditionFailed(e)) {
                throw S3Errors.explain(e, location.bucket(), region, "lock " + location.url(key));
            }
        }
        Optional<Held> holder = read();
        if (holder.isPresent() && holder.get().owner().equals(me)) {
            // Our own lock, answered by a retry of the create whose first attempt had gone through.
            return new Release(holder.get().etag());
        }
        throw new LockHeldException("the state " + stateUrl
                + " is locked by " + holder.map(h -> h.owner().describe()).orElse("another run that is taking the lock "
                + "right now") + ". Wait for it to finish; if that run is gone for good (killed, machine lost), run "
                + "'yocto unlock', which shows the holder and removes the lock.", holder.map(Held::owner).orElse(null));
    }

    Optional<Held> read() {
        ResponseBytes<GetObjectResponse> object;
        try {
            object = s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(key));
        } catch (S3Exception e) {
            if (S3Errors.isMissing(e) && !S3Errors.isMissingBucket(e)) {
                return Optional.empty();
            }
            throw S3Errors.explain(e, location.bucket(), region, "read the lock " + location.url(key));
        }
        LockOwner owner;
        try {
            owner = StateStore.JSON.readValue(object.asByteArray(), LockOwner.class);
        } catch (IOException e) {
            owner = new LockOwner(0, "unknown host", null, "unreadable lock object " + location.url(key),
                    object.response().lastModified());
        }
        return Optional.of(new Held(owner, object.response().eTag()));
    }

    /** Removes the lock if it is still the one {@code shown}; refuses if it changed meanwhile. */
    void breakLock(LockOwner shown) {
        Optional<Held> current = read();
        if (current.isEmpty()) {
            return;
        }
        if (!current.get().owner().equals(shown) || !delete(current.get().etag())) {
            throw new LockHeldException("the lock " + location.url(key) + " changed since it was shown: it is now "
                    + read().map(held -> "held by " + held.owner().describe()).orElse("gone")
                    + ". Nothing was removed; run 'yocto unlock' again to see the holder.",
                    read().map(Held::owner).orElse(null));
        }
    }

    /** Deletes the lock if its current version has {@code etag}; false when another lock replaced it. */
    private boolean delete(String etag) {
        try {
            s3.deleteObject(r -> r.bucket(location.bucket()).key(key).ifMatch(etag));
            return true;
        } catch (S3Exception e) {
            if (S3Errors.isMissing(e) && !S3Errors.isMissingBucket(e)) {
                return true;
            }
            if (S3Errors.isConditionFailed(e)) {
                return false;
            }
            throw S3Errors.explain(e, location.bucket(), region, "remove the lock " + location.url(key));
        }
    }

    /** A lock this run holds: released on close, or by a shutdown hook when the JVM is stopped first. */
    private final class Release implements StateBackend.Lock {
        private final String etag;
        private final AtomicBoolean released = new AtomicBoolean();
        private final Thread hook = new Thread(this::release, "yocto-state-unlock");

        Release(String etag) {
            this.etag = etag;
            Runtime.getRuntime().addShutdownHook(hook);
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                delete(etag);
            }
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to; release() runs once either way.
            }
            release();
        }
    }
}
