package dev.yocto.engine.cli;

import dev.yocto.state.LockOwner;
import dev.yocto.state.StateBackend;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "unlock", description = "Show who holds the state lock and remove it, for a yocto run that is gone "
        + "(killed, machine lost). Asks first; --yes without a terminal.")
final class UnlockCommand extends StackCommand {

    @Option(names = "--yes", description = "Remove the lock without asking (required when not on a terminal).")
    boolean yes;

    @Override
    public Integer call() {
        try (Session session = Session.offline(options(), io())) {
            StateBackend backend = session.store().backend();
            Optional<LockOwner> holder = backend.lockHolder();
            if (holder.isEmpty()) {
                io().out().println("No lock on " + backend.location() + ".");
                io().out().flush();
                return ExitCode.OK;
            }
            String held = "The state " + backend.location() + " is locked by " + holder.get().describe() + ".";
            if (!yes) {
                if (!io().terminal()) {
                    throw new RefusedException(held + " Not on a terminal: pass --yes to remove the lock, once you "
                            + "are sure that run is gone.");
                }
                if (!Prompt.yes(io(), held + " Remove the lock? Only if that run is gone: a live run would go on "
                        + "writing.")) {
                    throw new RefusedException("the lock was left in place");
                }
            }
            backend.breakLock(holder.get());
            io().out().println("Removed the lock left by " + holder.get().describe() + ".");
            io().out().flush();
            return ExitCode.OK;
        }
    }
}
