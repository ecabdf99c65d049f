package dev.yocto.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.engine.progress.Progress;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Emulation;
import dev.yocto.resources.api.Kinds;
import dev.yocto.state.StackState;
import dev.yocto.state.StateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner and executor over a cloud in memory: every action, orphans, scoping and data safety. */
class PlannerTest {

    private static final Set<String> ALL = Set.of("net", "app");

    @TempDir
    Path dir;

    private final FakeCloud cloud = new FakeCloud();
    private StateKeeper state;

    @BeforeEach
    void emptyState() {
        StateStore store = new StateStore(dir.resolve("test.state.json"));
        state = new StateKeeper(store, StackState.empty("test", "us-west-2"));
    }

    private Planner planner(List<Desired<?>> desired) {
        Context context = new Context("test", "us-west-2", null, Emulation.EMULATOR, (address, message) -> { });
        return new Planner(desired, new Kinds(List.of(cloud.box, cloud.vault)), context, state, 4);
    }

    private Plan plan(List<Desired<?>> desired) {
        return planner(desired).plan(new Planner.Scope(ALL, false));
    }

    /** A plan and its application in one run, as {@code provision} does. */
    private Executor.Outcome provision(List<Desired<?>> desired, Planner.Scope scope) {
        Planner planner = planner(desired);
        return new Executor(planner, Progress.SILENT).apply(planner.plan(scope));
    }

    private Executor.Outcome provision(List<Desired<?>> desired) {
        return provision(desired, new Planner.Scope(ALL, false));
    }

    private List<Desired<?>> network(String size) {
        return List.of(cloud.box.desired("net/vpc", size, "a"),
                cloud.box.desired("net/subnet", "small", "a", Address.of("net/vpc")),
                cloud.box.desired("app/server", "small", "a", Address.of("net/subnet")));
    }

    private static Action action(Plan plan, String address) {
        return plan.change(Address.of(address)).orElseThrow().action();
    }

    @Test
    void plan_nothingInAws_createsEverythingInDependencyOrder() {
        Plan plan = plan(network("large"));

        assertThat(plan.changes()).extracting(c -> c.address().value() + " " + c.action())
                .containsExactly("net/vpc CREATE", "net/subnet CREATE", "app/server CREATE");
        assertThat(plan.hasChanges()).isTrue();
        assertThat(cloud.calls).as("planning only observes").allMatch(call -> call.startsWith("observe"));
    }

    @Test
    void provision_thenPlanAgain_isNoOpEverywhere() {
        Executor.Outcome outcome = provision(network("large"));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(cloud.things).hasSize(3);
        Plan again = plan(network("large"));
        assertThat(again.changes()).extracting(Change::action).containsOnly(Action.NO_OP);
        assertThat(again.hasChanges()).isFalse();
        assertThat(again.serial()).isEqualTo(state.current().serial());
        assertThat(state.record(Address.of("app/server")).orElseThrow().dependencies()).containsExactly("net/subnet");
    }

    @Test
    void plan_inPlaceChange_isUpdate_andReplaceableChange_isReplaceWithDependentsAwaitingIt() {
        provision(network("large"));

        Plan resized = plan(network("huge"));
        assertThat(action(resized, "net/vpc")).isEqualTo(Action.UPDATE);
        assertThat(resized.change(Address.of("net/vpc")).orElseThrow().differences())
                .extracting(d -> d.field() + ": " + d.live() + " -> " + d.desired()).containsExactly("size: large -> huge");
        assertThat(action(resized, "net/subnet")).isEqualTo(Action.NO_OP);

        List<Desired<?>> moved = List.of(cloud.box.desired("net/vpc", "large", "b"),
                cloud.box.desired("net/subnet", "small", "a", Address.of("net/vpc")),
                cloud.box.desired("app/server", "small", "a", Address.of("net/subnet")));
        Plan replaced = plan(moved);
        assertThat(action(replaced, "net/vpc")).isEqualTo(Action.REPLACE);
        Change subnet = replaced.change(Address.of("net/subnet")).orElseThrow();
        assertThat(subnet.awaiting()).containsExactly(Address.of("net/vpc"));
        assertThat(subnet.differences()).as("not a made-up difference").isEmpty();

        Executor.Outcome outcome = provision(moved);

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.count(Action.REPLACE)).isEqualTo(1);
        assertThat(outcome.changes()).filteredOn(c -> c.address().value().equals("net/subnet"))
                .extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(plan(moved).hasChanges()).isFalse();
    }

    @Test
    void plan_dependencyNotYetCreated_isItsOwnPlanState() {
        cloud.put(Address.of("net/subnet"), "small", "a", "id-gone");

        Plan plan = plan(network("large"));

        Change subnet = plan.change(Address.of("net/subnet")).orElseThrow();
        assertThat(subnet.action()).isEqualTo(Action.UPDATE);
        assertThat(subnet.awaiting()).containsExactly(Address.of("net/vpc"));
        assertThat(subnet.differences()).isEmpty();
        assertThat(subnet.reason()).contains("net/vpc");
    }

    @Test
    void plan_taggedButNotInState_isAdopted() {
        provision(network("large"));
        emptyState();

        Plan plan = plan(network("large"));

        assertThat(plan.changes()).extracting(Change::action).containsOnly(Action.ADOPT);
        assertThat(plan.changes()).extracting(Change::status).containsOnly("untracked");
    }

    @Test
    void orphans_areDeletedInReverseDependencyOrder_afterWhatStillUsedThem() {
        List<Desired<?>> chain = List.of(cloud.box.desired("net/a", "s", "a"),
                cloud.box.desired("net/b", "s", "a", Address.of("net/a")),
                cloud.box.desired("net/c", "s", "a", Address.of("net/b")),
                cloud.box.desired("app/user", "s", "a", Address.of("net/b")));
        provision(chain);
        cloud.calls.clear();
        List<Desired<?>> without = List.of(cloud.box.desired("app/user", "s", "a"));

        Plan plan = plan(without);

        assertThat(plan.changes()).filteredOn(Change::orphan)
                .extracting(c -> c.address().value() + " " + c.action() + " " + c.reason())
                .containsExactly("net/c DELETE no longer in the configuration",
                        "net/b DELETE no longer in the configuration", "net/a DELETE no longer in the configuration");
        assertThat(action(plan, "app/user")).isEqualTo(Action.UPDATE);
        assertThat(plan.changes()).filteredOn(Change::orphan).extracting(Change::status).containsOnly("orphan");

        cloud.calls.clear();
        Executor.Outcome outcome = provision(without);

        assertThat(outcome.succeeded()).isTrue();
        List<String> acted = cloud.calls.stream().filter(call -> !call.startsWith("observe")).toList();
        assertThat(acted).containsExactlyInAnyOrder("update app/user", "delete net/c", "delete net/b", "delete net/a");
        assertThat(acted.indexOf("delete net/b")).as("b after what used it")
                .isGreaterThan(acted.indexOf("update app/user")).isGreaterThan(acted.indexOf("delete net/c"));
        assertThat(acted.indexOf("delete net/a")).isGreaterThan(acted.indexOf("delete net/b"));
        assertThat(cloud.things).hasSize(1);
        assertThat(state.current().resourcesView()).containsOnlyKeys("app/user");
        assertThat(plan(without).hasChanges()).isFalse();
    }

    @Test
    void orphans_knownOnlyByTags_areDeletedToo() {
        provision(network("large"));
        cloud.put(Address.of("net/made-by-hand"), "s", "a", "");

        Plan plan = plan(network("large"));

        Change orphan = plan.change(Address.of("net/made-by-hand")).orElseThrow();
        assertThat(orphan.action()).isEqualTo(Action.DELETE);
        assertThat(orphan.tracked()).isFalse();
        provision(network("large"));
        assertThat(cloud.things.values()).extracting(FakeCloud.Thing::taggedAs)
                .doesNotContain(Address.of("net/made-by-hand"));
    }

    @Test
    void only_neverTreatsAnotherLayersResourcesAsOrphans() {
        provision(network("large"));
        List<Desired<?>> netOnly = network("large").subList(0, 2);

        Plan plan = planner(netOnly).plan(new Planner.Scope(Set.of("net"), false));

        assertThat(plan.change(Address.of("app/server"))).isEmpty();
        assertThat(plan.hasChanges()).isFalse();
        provision(netOnly, new Planner.Scope(Set.of("net"), false));
        assertThat(cloud.things).hasSize(3);
    }

    @Test
    void orphansHoldingData_areKeptUnlessDeleteData() {
        List<Desired<?>> withVault = List.of(cloud.vault.desired("app/db", "s", "a"));
        provision(withVault);

        Plan kept = plan(List.of());

        Change vault = kept.change(Address.of("app/db")).orElseThrow();
        assertThat(vault.action()).isEqualTo(Action.NO_OP);
        assertThat(vault.status()).isEqualTo("orphan");
        assertThat(vault.reason()).contains("holds data").contains("--delete-data");
        provision(List.of());
        assertThat(cloud.things).as("kept without --delete-data").hasSize(1);

        Plan deleted = planner(List.of()).plan(new Planner.Scope(ALL, true));
        assertThat(action(deleted, "app/db")).isEqualTo(Action.DELETE);
        provision(List.of(), new Planner.Scope(ALL, true));
        assertThat(cloud.things).isEmpty();
    }

    @Test
    void orphanGoneFromAws_isForgotten() {
        provision(network("large"));
        cloud.things.clear();

        provision(List.of());

        assertThat(state.current().resourcesView()).isEmpty();
    }

    @Test
    void teardown_deletesInReverseOrder_keepingWhatItIsTold() {
        provision(network("large"));
        cloud.calls.clear();
        Planner planner = planner(network("large"));

        Plan plan = planner.teardown(ALL, address -> address.value().equals("net/vpc") ? Optional.of("told to")
                : Optional.empty(), false);
        new Executor(planner, Progress.SILENT).apply(plan);

        assertThat(cloud.calls).filteredOn(call -> call.startsWith("delete"))
                .containsExactly("delete app/server", "delete net/subnet");
        assertThat(state.current().resourcesView()).containsOnlyKeys("net/vpc");
    }

    @Test
    void savedPlan_holdsWhileNothingChanged_andIsRefusedAfterAnOutOfBandChangeOrAStateWrite() {
        provision(network("large"));
        SavedPlan saved = SavedPlan.of(plan(network("huge")), "test", "us-west-2", List.of(), false);

        saved.verify(SavedPlan.of(plan(network("huge")), "test", "us-west-2", List.of(), false));

        FakeCloud.Thing server = cloud.things.values().stream()
                .filter(t -> t.taggedAs().value().equals("app/server")).findFirst().orElseThrow();
        cloud.things.put(server.id(), new FakeCloud.Thing(server.id(), server.taggedAs(), "tiny", server.zone(),
                server.uses()));
        SavedPlan afterChange = SavedPlan.of(plan(network("huge")), "test", "us-west-2", List.of(), false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> saved.verify(afterChange))
                .isInstanceOf(StalePlanException.class)
                .hasMessageContaining("app/server changed in AWS since (size: small -> tiny)");

        provision(network("huge"));
        SavedPlan afterWrite = SavedPlan.of(plan(network("huge")), "test", "us-west-2", List.of(), false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> saved.verify(afterWrite))
                .isInstanceOf(StalePlanException.class).hasMessageContaining("the state changed since");
    }

    @Test
    void savedPlan_roundTripsThroughItsFile() {
        provision(network("large"));
        SavedPlan saved = SavedPlan.of(plan(List.of(cloud.box.desired("net/vpc", "huge", "a"))), "test", "us-west-2",
                List.of("net"), true);
        Path file = dir.resolve("plan.json");

        saved.write(file);

        assertThat(SavedPlan.read(file)).isEqualTo(saved);
    }
}
