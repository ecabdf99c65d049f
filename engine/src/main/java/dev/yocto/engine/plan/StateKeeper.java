package dev.yocto.engine.plan;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Desired;
import dev.yocto.state.ResourceRecord;
import dev.yocto.state.StackState;
import dev.yocto.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
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
    public synchronized void remember(Desired<?> desired, Live live) {
        String hash = settingsHash(desired);
        String kind = desired.kind().id();
        List<String> dependencies = desired.dependencies().stream().map(Address::value).sorted().toList();
        Optional<ResourceRecord> previous = current.resource(desired.address().value());
        boolean same = previous.filter(p -> p.kind().equals(kind)
                && p.physicalId().equals(live.physicalId()) && Objects.equals(p.arn(), live.arn())
                && p.attributes().equals(live.attributes()) && p.settingsHash().equals(hash)
                && p.dependencies().equals(dependencies)).isPresent()
                && current.version() == StackState.CURRENT_VERSION;
        if (same) {
            return;
        }
        current = store.save(current.with(desired.address().value(), new ResourceRecord(kind,
                live.physicalId(), live.arn(), live.attributes(), hash, Instant.now(), dependencies)));
    }

    public synchronized void forget(Address address) {
        if (current.resource(address.value()).isPresent()) {
            current = store.save(current.without(address.value()));
        }
    }

    /**
     * The hash of the desired settings with references by name ({@code network/vpc.id}), not by
     * resolved value: a producer replaced shows as a live difference, not as a new hash.
     */
    public static String settingsHash(Desired<?> desired) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(desired.settingsText().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
