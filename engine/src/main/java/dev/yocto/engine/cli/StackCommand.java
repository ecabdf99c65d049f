package dev.yocto.engine.cli;

import dev.yocto.resources.dns.DelegationResource;
import dev.yocto.resources.dns.HostedZoneResource;
import dev.yocto.resources.topology.Layer;
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
        if (!session.layers.contains(Layer.DNS) || session.config.parentZoneId() != null) {
            return;
        }
        session.state().record(HostedZoneResource.ADDRESS).map(record -> record.attributes().get("nameServers"))
                .filter(servers -> !servers.isEmpty())
                .ifPresent(servers -> session.progress().note("Next step, unless done already: "
                        + DelegationResource.instructions(session.config.domain(), servers) + "."));
    }

    static void noteEmulated(Session session) {
        if (session.emulated()) {
            session.progress().note("Against an AWS emulator: DNS delegation, certificate issuance and running "
                    + "tasks are simulated, not real.");
        }
    }
}
