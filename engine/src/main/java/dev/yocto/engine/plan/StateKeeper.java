package dev.yocto.engine.plan;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
import dev.yocto.state.ResourceRecord;
import dev.yocto.state.StackState;
import dev.yocto.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/** The state of this run, written to disk after every resource that changed it. */
public final class StateKeeper {

    private final StateStore store;
    private StackState current;

    public StateKeeper(StateStore store, StackState initial) {
        this.store = store;
        this.current = initial;
    }

    public synchronized StackState current() {
        return current;
    }

    public synchronized Optional<ResourceRecord> record(Address address) {
        return current.resource(address.value());
    }

    public Optional<String> knownId(Address address) {
        return record(address).map(ResourceRecord::physicalId);
    }

    /** Remembers the live resource; writes only when something other than the time changed. */
    public synchronized void remember(Resource resource, Live live) {
        String hash = settingsHash(resource);
        Optional<ResourceRecord> previous = current.resource(resource.address().value());
        boolean same = previous.filter(p -> p.kind().equals(resource.kind())
                && p.physicalId().equals(live.physicalId()) && Objects.equals(p.arn(), live.arn())
                && p.attributes().equals(live.attributes()) && p.settingsHash().equals(hash)).isPresent();
        if (same) {
            return;
        }
        current = store.save(current.with(resource.address().value(), new ResourceRecord(resource.kind(),
                live.physicalId(), live.arn(), live.attributes(), hash, Instant.now())));
    }

    public synchronized void forget(Address address) {
        if (current.resource(address.value()).isPresent()) {
            current = store.save(current.without(address.value()));
        }
    }

    public static String settingsHash(Resource resource) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(resource.settings()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
