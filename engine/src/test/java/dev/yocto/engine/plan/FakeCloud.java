package dev.yocto.engine.plan;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Discovered;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Ref;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cloud in memory for the planner's tests: resources with a physical id, the logical id of their
 * tags, a size (changed in place), a zone (changed only by replacing) and the ids they use.
 */
final class FakeCloud {

    record Thing(String id, Address taggedAs, String size, String zone, String uses) {
    }

    final Map<String, Thing> things = new TreeMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    final Box box = new Box("fake:box", false);
    final Box vault = new Box("fake:vault", true);

    synchronized Thing put(Address address, String size, String zone, String uses) {
        Thing thing = new Thing("id-" + ids.incrementAndGet(), address, size, zone, uses);
        things.put(thing.id(), thing);
        return thing;
    }

    /** Settings of a box: {@code uses} are the ids of other boxes it refers to. */
    record Settings(String size, String zone, List<Ref<String>> uses) {
    }

    /** A kind of this cloud; a vault holds data. */
    final class Box implements Kind<Settings> {

        final String id;
        final boolean holdsData;
        final Output<String> boxId;

        Box(String id, boolean holdsData) {
            this.id = id;
            this.holdsData = holdsData;
            this.boxId = Output.attribute(id, "id");
        }

        Desired<Settings> desired(String address, String size, String zone, Address... uses) {
            return Desired.of(Address.of(address), this, new Settings(size, zone,
                    java.util.Arrays.stream(uses).map(boxId::of).toList()));
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean holdsData() {
            return holdsData;
        }

        @Override
        public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                      Optional<String> knownId) {
            synchronized (FakeCloud.this) {
                calls.add("observe " + address);
                return knownId.map(things::get).or(() -> things.values().stream()
                        .filter(t -> t.taggedAs().equals(address)).findFirst()).map(FakeCloud::live);
            }
        }

        @Override
        public List<Discovered> discover(Context context) {
            synchronized (FakeCloud.this) {
                return things.values().stream().map(t -> new Discovered(t.taggedAs(), t.id())).toList();
            }
        }

        @Override
        public Live create(Context context, Desired<Settings> desired) {
            calls.add("create " + desired.address());
            return live(put(desired.address(), desired.settings().size(), desired.settings().zone(),
                    uses(context, desired)));
        }

        @Override
        public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
            return Map.of("size", desired.settings().size(), "zone", desired.settings().zone(),
                    "uses", uses(context, desired));
        }

        private String uses(Context context, Desired<Settings> desired) {
            return String.join(",", desired.settings().uses().stream().map(context::value).toList());
        }

        @Override
        public Set<String> replacedOnChange() {
            return Set.of("zone");
        }

        @Override
        public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
            calls.add("update " + desired.address());
            synchronized (FakeCloud.this) {
                Thing old = things.get(live.physicalId());
                Thing updated = new Thing(old.id(), old.taggedAs(), desired.settings().size(), old.zone(),
                        uses(context, desired));
                things.put(old.id(), updated);
                return FakeCloud.live(updated);
            }
        }

        @Override
        public void delete(Context context, Address address, Live live) {
            calls.add("delete " + address);
            synchronized (FakeCloud.this) {
                things.remove(live.physicalId());
            }
        }
    }

    private static Live live(Thing thing) {
        return Live.of(thing.id(), Map.of("id", thing.id()), Map.of("size", thing.size(), "zone", thing.zone(),
                "uses", thing.uses()));
    }
}
