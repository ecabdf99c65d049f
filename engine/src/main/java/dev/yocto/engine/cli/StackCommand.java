package dev.yocto.engine.cli;

import dev.yocto.resources.topology.Layer;
import dev.yocto.resources.topology.StackOutputs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** A subcommand with the global options, which may also stand before the subcommand's name. */
abstract class StackCommand implements Callable<Integer> {

    @ParentCommand
    Yocto parent;

    @Mixin
    GlobalOptions own;

    GlobalOptions options() {
        return own.over(parent.globals);
    }

    Invocation io() {
        return parent.io;
    }

    /** Without a parent zone in the account, the user delegates the domain: say what to add where. */
    static void noteDelegation(Session session) {
        if (session.layers.contains(Layer.DNS)) {
            StackOutputs.delegationNote(session.config, session::attributes).ifPresent(session.progress()::note);
        }
    }

    static void noteEmulated(Session session) {
        if (session.emulated()) {
            session.progress().note("Against an AWS emulator: DNS delegation, certificate issuance and running "
                    + "tasks are simulated, not real.");
        }
    }
}
