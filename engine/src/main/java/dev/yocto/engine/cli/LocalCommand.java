package dev.yocto.engine.cli;

import dev.yocto.engine.local.LocalEmulator;
import dev.yocto.engine.local.LocalStackInDocker;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "local", description = "The background AWS emulator used by --local.",
        subcommands = {LocalCommand.Status.class, LocalCommand.Stop.class})
final class LocalCommand implements Callable<Integer> {

    @ParentCommand
    Yocto parent;

    @Override
    public Integer call() {
        parent.io.err().println("Use 'yocto local status' or 'yocto local stop'.");
        parent.io.err().flush();
        return ExitCode.REFUSED;
    }

    LocalEmulator emulator() {
        return new LocalEmulator(parent.io.workingDirectory().resolve(".yocto/local"));
    }

    LocalStackInDocker localStack() {
        return new LocalStackInDocker(parent.io.workingDirectory().resolve(".yocto/local"));
    }

    @Command(name = "status", description = "Show whether the local emulator runs, where, and since when.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        LocalCommand local;

        @Override
        public Integer call() {
            var out = local.parent.io.out();
            var running = local.emulator().running();
            var localStack = local.localStack().running();
            running.ifPresent(record -> out.println("running: moto " + record.motoVersion() + " at "
                    + record.endpoint() + ", pid " + record.pid() + ", up " + LocalEmulator.uptime(record) + ", log "
                    + record.log()));
            localStack.ifPresent(record -> out.println("running: LocalStack (" + record.image() + ") at "
                    + record.endpoint() + ", container " + record.containerId().substring(0, 12) + ", since "
                    + record.startedAt()));
            if (running.isEmpty() && localStack.isEmpty()) {
                out.println("not running (the next command with --local starts it)");
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "stop", description = "Stop the local emulator (moto or LocalStack); everything in it is forgotten.")
    static final class Stop implements Callable<Integer> {
        @ParentCommand
        LocalCommand local;

        @Override
        public Integer call() {
            var out = local.parent.io.out();
            var stop = local.emulator().stop();
            var localStack = local.localStack().stop();
            localStack.ifPresent(r -> out.println("stopped the local emulator (LocalStack container "
                    + r.containerId().substring(0, 12) + ")"));
            if (localStack.isEmpty() || stop.refused() || !stop.message().contains("not running")) {
                (stop.refused() ? local.parent.io.err() : out).println(stop.message());
            }
            out.flush();
            local.parent.io.err().flush();
            return stop.refused() ? ExitCode.REFUSED : ExitCode.OK;
        }
    }
}
