package dev.yocto.engine.cli;

import dev.yocto.state.S3Location;
import dev.yocto.state.StackState;
import dev.yocto.state.StateBackend;
import dev.yocto.state.StateBucket;
import dev.yocto.state.StateException;
import dev.yocto.state.StateFile;
import dev.yocto.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code yocto state pull|push|init-bucket}: moving a state between a local file and S3. */
@Command(name = "state", description = "Move the state between a local file and S3, or create the state bucket.",
        subcommands = {StateCommand.Pull.class, StateCommand.Push.class, StateCommand.InitBucket.class})
final class StateCommand implements Callable<Integer> {

    @ParentCommand
    Yocto parent;

    @Mixin
    GlobalOptions own;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "yocto state needs a subcommand: pull, push "
                + "or init-bucket");
    }

    /** A subcommand of {@code state}, with the global options in any of the three places. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        StateCommand state;

        @Mixin
        GlobalOptions own;

        GlobalOptions options() {
            return own.over(state.own.over(state.parent.globals));
        }

        Invocation io() {
            return state.parent.io;
        }
    }

    @Command(name = "pull", description = "Print the current state (or save it with --out).")
    static final class Pull extends Sub {

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Save it to this file (mode 0600).")
        Path out;

        @Override
        public Integer call() {
            try (Session session = Session.offline(options(), io())) {
                StateStore store = session.store();
                StackState state = store.load(session.config.stack(), session.config.region())
                        .orElseThrow(() -> new StateException("there is no state of stack '" + session.config.stack()
                                + "' in " + store.backend().location() + "; nothing to pull."));
                byte[] document = StateStore.serialize(state);
                if (out == null) {
                    io().out().println(new String(document, StandardCharsets.UTF_8));
                } else {
                    Path target = io().workingDirectory().resolve(out);
                    new StateFile(target).write(document);
                    io().err().println("Saved the state of stack '" + state.stack() + "' (serial " + state.serial()
                            + ") from " + store.backend().location() + " to " + target + ".");
                }
                io().out().flush();
                io().err().flush();
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "push", description = "Upload a local state file, replacing the current state. Refused when the "
            + "current state has another lineage or a higher serial, unless --force.")
    static final class Push extends Sub {

        @Parameters(paramLabel = "FILE", description = "The state file to upload.")
        Path file;

        @Option(names = "--force", description = "Replace the current state even if it has another lineage or a "
                + "higher serial (its earlier versions stay in the bucket's version history).")
        boolean force;

        @Override
        public Integer call() {
            try (Session session = Session.offline(options(), io())) {
                Path source = io().workingDirectory().resolve(file).toAbsolutePath().normalize();
                if (!Files.isRegularFile(source)) {
                    throw new UsageException("push: " + source + " is not a file");
                }
                if (session.stateLocation.file().map(f -> f.toAbsolutePath().normalize().equals(source)).orElse(false)) {
                    throw new UsageException("push: " + source + " is the configured state itself; set 'state: "
                            + "s3://...' in yocto.yaml or pass --state to say where it goes");
                }
                StackState incoming = new StateStore(source).load(session.config.stack(), session.config.region())
                        .orElseThrow();
                StateStore target = session.store();
                StackState written;
                try (StateBackend.Lock ignored = target.backend().lock("state push")) {
                    written = target.push(incoming, force);
                }
                io().out().println("Pushed " + source + " (lineage " + incoming.lineage() + ", serial "
                        + incoming.serial() + ", " + incoming.resources().size() + " resources) to "
                        + target.backend().location() + " as serial " + written.serial() + ".");
                io().out().flush();
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "init-bucket", description = "Create the S3 bucket named by 'state: s3://...' (or --state): "
            + "versioned, encrypted (SSE-S3), all public access blocked, tagged yocto:purpose=state.")
    static final class InitBucket extends Sub {

        @Override
        public Integer call() {
            try (Session session = Session.offline(options(), io())) {
                S3Location location = session.stateLocation.s3().orElseThrow(() -> new UsageException(
                        "init-bucket: no S3 state is configured; set 'state: s3://BUCKET/PREFIX' in yocto.yaml or "
                                + "pass --state s3://BUCKET/PREFIX"));
                for (String step : StateBucket.ensure(StateLocation.client(session.clients(), session.config),
                        location.bucket(), session.config.region())) {
                    io().out().println(step);
                }
                io().out().println("The state of stack '" + session.config.stack() + "' goes to "
                        + session.store().backend().location() + ".");
                io().out().flush();
                return ExitCode.OK;
            }
        }
    }
}
