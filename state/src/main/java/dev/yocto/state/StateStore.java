package dev.yocto.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads and writes one stack's state document, wherever its {@link StateBackend} keeps it: the
 * format, its checks and the serial are the same for a local file and an S3 object.
 */
public final class StateStore {

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final StateBackend backend;

    /** The state in a local file. */
    public StateStore(Path path) {
        this(new StateFile(path));
    }

    StateStore(Path path, StateFile.Rename rename) {
        this(new StateFile(path, rename));
    }

    public StateStore(StateBackend backend) {
        this.backend = backend;
    }

    public StateBackend backend() {
        return backend;
    }

    /**
     * Reads the state, or empty when there is none yet. Fails with a message naming the earlier
     * versions when the document is not valid JSON, of an unknown version, or of another stack or
     * region.
     */
    public Optional<StackState> load(String expectedStack, String expectedRegion) {
        Optional<byte[]> bytes = backend.read();
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        StackState state = parse(bytes.get());
        if (!state.stack().equals(expectedStack)) {
            throw new StateException("state " + backend.location() + " belongs to stack '" + state.stack()
                    + "', not '" + expectedStack + "'. Point --state at the state of stack '" + expectedStack
                    + "' or set 'stack' in the configuration. Nothing was changed.");
        }
        if (!state.region().equals(expectedRegion)) {
            throw new StateException("state " + backend.location() + " is for region " + state.region() + ", not "
                    + expectedRegion + ". Use --region " + state.region()
                    + " or another --state. Nothing was changed.");
        }
        return Optional.of(state);
    }

    private StackState parse(byte[] bytes) {
        StackState state;
        try {
            state = JSON.readValue(bytes, StackState.class);
        } catch (JsonProcessingException e) {
            throw new StateException("state " + backend.location() + " is not valid yocto state ("
                    + e.getOriginalMessage() + "). Nothing was changed. " + backend.recoveryHint());
        } catch (IOException e) {
            throw new StateException("cannot read state " + backend.location() + ": " + e.getMessage(), e);
        }
        if (state == null || state.stack() == null || state.lineage() == null || state.resources() == null) {
            throw new StateException("state " + backend.location() + " lacks stack, lineage or resources. "
                    + "Nothing was changed. " + backend.recoveryHint());
        }
        if (state.version() < 1 || state.version() > StackState.CURRENT_VERSION) {
            throw new StateException("state " + backend.location() + " has schema version " + state.version()
                    + "; this yocto reads versions 1 to " + StackState.CURRENT_VERSION
                    + ". Use the yocto release that wrote it. Nothing was changed.");
        }
        return state;
    }

    /** Writes the state with the next serial and returns what was written. */
    public synchronized StackState save(StackState state) {
        StackState next = state.withSerial(state.serial() + 1);
        if (state.version() < StackState.CURRENT_VERSION) {
            backend.keepOlderSchema(state.version());
        }
        backend.write(serialize(next));
        return next;
    }

    /**
     * Replaces the stored state with {@code incoming} ({@code yocto state push}), keeping its serial
     * unless the stored one is as high (then one above that). Refused when the stored state has
     * another lineage, a higher serial, or the same serial with other content, unless {@code force}.
     */
    public synchronized StackState push(StackState incoming, boolean force) {
        Optional<StackState> stored = load(incoming.stack(), incoming.region());
        long serial = incoming.serial();
        if (stored.isPresent()) {
            if (!force) {
                refusePush(stored.get(), incoming);
            }
            serial = Math.max(serial, stored.get().serial() + 1);
        }
        StackState next = incoming.withSerial(serial);
        backend.write(serialize(next));
        return next;
    }

    private void refusePush(StackState current, StackState incoming) {
        String override = " Pull it first ('yocto state pull'), or pass --force to replace it anyway"
                + " (its earlier versions stay where the backend keeps them).";
        if (!current.lineage().equals(incoming.lineage())) {
            throw new StateConflictException("the state in " + backend.location() + " has another lineage ("
                    + current.lineage() + ", the file " + incoming.lineage() + "): it is another history of the "
                    + "stack, not an older copy of this one." + override);
        }
        if (current.serial() > incoming.serial()) {
            throw new StateConflictException("the state in " + backend.location() + " is newer (serial "
                    + current.serial() + ", the file " + incoming.serial() + ")." + override);
        }
        if (current.serial() == incoming.serial() && !current.equals(incoming)) {
            throw new StateConflictException("the state in " + backend.location() + " has the same serial ("
                    + current.serial() + ") but other content." + override);
        }
    }

    /** The document as stored, for {@code yocto state pull}. */
    public static byte[] serialize(StackState state) {
        return json(state);
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new StateException("cannot serialize " + value.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
