package dev.yocto.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The top-level {@code yocto} command. */
@Command(name = "yocto", mixinStandardHelpOptions = true, version = "yocto 0.1.0",
        description = "Deploys Yoctogram to AWS with the AWS SDK, no CloudFormation.",
        subcommands = {PlanCommand.class, ProvisionCommand.class, StatusCommand.class, TeardownCommand.class,
                OutputsCommand.class, UnlockCommand.class, StateCommand.class, LocalCommand.class},
        footer = {"", "Exit codes: 0 success, 1 error, 2 changes pending (plan) or drift (status), "
                + "3 refused (lock held, confirmation declined, bad configuration or flags)."})
public final class Yocto {

    @Mixin
    GlobalOptions globals;

    final Invocation io;

    public Yocto(Invocation io) {
        this.io = io;
    }
}
