package dev.yocto.engine.cli;

import dev.yocto.state.StateLock;
import picocli.CommandLine.Command;

@Command(name = "unlock", description = "Remove a state lock left behind by a yocto process that is gone.")
final class UnlockCommand extends StackCommand {

    @Override
    public Integer call() {
        Session session = Session.offline(options(), io());
        String message = StateLock.removeStale(session.statePath)
                .map(owner -> "Removed the lock left by " + owner.describe() + ".")
                .orElse("No lock on " + session.statePath + ".");
        io().out().println(message);
        io().out().flush();
        return ExitCode.OK;
    }
}
