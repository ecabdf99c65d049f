package dev.yocto.engine.cli;

import dev.yocto.state.StackState;
import dev.yocto.state.StateBackend;
import dev.yocto.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The first run after the configuration moved the state to S3: when S3 has no state of the stack
 * yet but the local file has one, offer to move it there (on a terminal), else say how
 * ({@code yocto state push}). Going on without it would start a second history of the stack.
 */
final class StateMigration {

    private StateMigration() {
    }

    /** The moved state, or empty when there is nothing to move; refuses when the move is declined. */
    static Optional<StackState> offer(Session session, boolean locked) {
        Path local = session.stateLocation.defaultFile();
        if (!session.stateLocation.inS3() || !Files.isRegularFile(local)) {
            return Optional.empty();
        }
        StackState found = new StateStore(local).load(session.config.stack(), session.config.region()).orElseThrow();
        String what = "The local state " + local + " (serial " + found.serial() + ", " + found.resources().size()
                + " resources) is not in " + session.store().backend().location() + " yet";
        if (!session.io.terminal()) {
            throw new RefusedException(what + ". Move it there with 'yocto state push " + local + "' (or remove the "
                    + "local file if it is obsolete), then run this command again.");
        }
        if (!Prompt.yes(session.io, what + ". Move it there now?")) {
            throw new RefusedException("the local state was not moved; nothing was changed. Move it with "
                    + "'yocto state push " + local + "' when ready.");
        }
        StackState moved;
        if (locked) {
            moved = session.store().push(found, false);
        } else {
            try (StateBackend.Lock ignored = session.store().backend().lock("state push (migration)")) {
                moved = session.store().push(found, false);
            }
        }
        Path kept = local.resolveSibling(local.getFileName() + ".moved-to-s3");
        try {
            Files.move(local, kept);
        } catch (IOException e) {
            throw new UncheckedIOException("moved the state to S3 but cannot rename " + local + " to " + kept
                    + "; remove it yourself", e);
        }
        session.io.err().println("Moved. The local copy is kept as " + kept + ".");
        session.io.err().flush();
        return Optional.of(moved);
    }
}
