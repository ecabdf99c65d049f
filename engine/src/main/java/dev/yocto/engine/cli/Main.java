package dev.yocto.engine.cli;

import dev.yocto.emulator.EmulatorException;
import dev.yocto.resources.config.ConfigException;
import dev.yocto.state.LockHeldException;
import dev.yocto.state.StateConflictException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the runnable jar. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Invocation.fromSystem(), args));
    }

    /** Runs one command line; tests call this in-process with their own {@link Invocation}. */
    public static int run(Invocation io, String... args) {
        CommandLine commandLine = new CommandLine(new Yocto(io));
        commandLine.setOut(io.out()).setErr(io.err());
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            PrintWriter err = exception.getCommandLine().getErr();
            err.println("error: " + exception.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
            err.println("Try '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return ExitCode.REFUSED;
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            err.println("error: " + describe(exception));
            if (parseResult.originalArgs().contains("--verbose")) {
                exception.printStackTrace(err);
            }
            err.flush();
            return exitCodeOf(exception);
        });
        commandLine.setExitCodeExceptionMapper(Main::exitCodeOf);
        return commandLine.execute(args);
    }

    static int exitCodeOf(Throwable exception) {
        if (exception instanceof ConfigException || exception instanceof LockHeldException
                || exception instanceof UsageException || exception instanceof RefusedException
                || exception instanceof StateConflictException
                || exception instanceof dev.yocto.engine.plan.StalePlanException) {
            return ExitCode.REFUSED;
        }
        return ExitCode.ERROR;
    }

    private static String describe(Throwable exception) {
        if (exception instanceof EmulatorException) {
            return "the local emulator: " + exception.getMessage();
        }
        return dev.yocto.engine.plan.Executor.message(exception);
    }
}
