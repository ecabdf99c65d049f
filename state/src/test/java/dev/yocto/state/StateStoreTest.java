package dev.yocto.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

    @TempDir
    Path dir;

    private static StackState withVpc(StackState state, String id) {
        return state.with("network/vpc", new ResourceRecord("ec2:vpc", id, null,
                Map.of("cidr", "10.0.0.0/16"), "hash", Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void save_thenLoad_roundTripsEverythingAndIncrementsSerial() {
        StateStore store = new StateStore(dir.resolve("s.json"));
        StackState first = store.save(withVpc(StackState.empty("demo", "us-west-2"), "vpc-1"));
        StackState second = store.save(withVpc(first, "vpc-2"));

        StackState loaded = store.load("demo", "us-west-2").orElseThrow();
        assertThat(loaded).isEqualTo(second);
        assertThat(loaded.serial()).isEqualTo(2);
        assertThat(loaded.lineage()).isEqualTo(first.lineage());
        assertThat(loaded.resource("network/vpc").orElseThrow().physicalId()).isEqualTo("vpc-2");
    }

    @Test
    void load_version1_isUpgradedOnFirstWrite_withTheVersion1FileKept() throws IOException {
        Path file = dir.resolve("s.json");
        String version1 = "{\"version\":1,\"stack\":\"demo\",\"region\":\"us-west-2\",\"lineage\":\"l-1\","
                + "\"serial\":7,\"resources\":{\"network/vpc\":{\"kind\":\"ec2:vpc\",\"physicalId\":\"vpc-1\","
                + "\"attributes\":{},\"settingsHash\":\"h\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}}}";
        Files.writeString(file, version1);
        StateStore store = new StateStore(file);

        StackState loaded = store.load("demo", "us-west-2").orElseThrow();
        assertThat(loaded.version()).isEqualTo(1);
        assertThat(loaded.resource("network/vpc").orElseThrow().dependencies()).isEmpty();
        StackState upgraded = store.save(loaded.with("network/subnet/a", new ResourceRecord("ec2:subnet", "subnet-1",
                null, Map.of(), "h", Instant.parse("2026-01-01T00:00:00Z"), java.util.List.of("network/vpc"))));
        store.save(upgraded);

        StackState reloaded = store.load("demo", "us-west-2").orElseThrow();
        assertThat(reloaded.version()).isEqualTo(StackState.CURRENT_VERSION).isEqualTo(2);
        assertThat(reloaded.lineage()).isEqualTo("l-1");
        assertThat(reloaded.resource("network/subnet/a").orElseThrow().dependencies()).containsExactly("network/vpc");
        assertThat(Files.readString(new StateFile(file).olderSchemaPath(1))).as("kept beyond the next write").isEqualTo(version1);
    }

    @Test
    void save_keepsPreviousVersionAsBackup() throws IOException {
        StateFile file = new StateFile(dir.resolve("s.json"));
        StateStore store = new StateStore(file);
        StackState first = store.save(withVpc(StackState.empty("demo", "us-west-2"), "vpc-1"));
        store.save(withVpc(first, "vpc-2"));

        assertThat(Files.readString(file.backupPath())).contains("vpc-1").doesNotContain("vpc-2");
    }

    @Test
    void save_writesFilesReadableByOwnerOnly() throws IOException {
        StateFile file = new StateFile(dir.resolve("s.json"));
        StateStore store = new StateStore(file);
        StackState first = store.save(StackState.empty("demo", "us-west-2"));
        store.save(first);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.backupPath())))
                .isEqualTo("rw-------");
    }

    @Test
    void save_crashBeforeRename_leavesPreviousStateIntact() throws IOException {
        Path file = dir.resolve("s.json");
        StackState first = new StateStore(file).save(withVpc(StackState.empty("demo", "us-west-2"), "vpc-1"));
        String before = Files.readString(file);
        StateStore crashing = new StateStore(file, (from, to) -> {
            throw new IOException("simulated crash between temp write and rename");
        });

        assertThatThrownBy(() -> crashing.save(withVpc(first, "vpc-2")))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("previous state is unchanged");

        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(new StateStore(file).load("demo", "us-west-2").orElseThrow().resource("network/vpc")
                .orElseThrow().physicalId()).isEqualTo("vpc-1");
    }

    @Test
    void load_missingFile_isEmpty() {
        assertThat(new StateStore(dir.resolve("none.json")).load("demo", "us-west-2")).isEmpty();
    }

    @Test
    void load_corruptFile_namesTheBackupAndChangesNothing() throws IOException {
        Path file = dir.resolve("s.json");
        StateStore store = new StateStore(file);
        store.save(store.save(StackState.empty("demo", "us-west-2")));
        Files.writeString(file, "{ \"version\": 1, \"stack\": ");

        assertThatThrownBy(() -> store.load("demo", "us-west-2"))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("not valid yocto state")
                .hasMessageContaining(new StateFile(file).backupPath().toString());
        assertThat(Files.readString(file)).isEqualTo("{ \"version\": 1, \"stack\": ");
    }

    @Test
    void load_unknownVersion_isRefused() throws IOException {
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"version\":99,\"stack\":\"demo\",\"region\":\"us-west-2\",\"lineage\":\"x\","
                + "\"serial\":1,\"resources\":{}}");

        assertThatThrownBy(() -> new StateStore(file).load("demo", "us-west-2"))
                .isInstanceOf(StateException.class).hasMessageContaining("schema version 99");
    }

    @Test
    void load_otherStack_isRefused() {
        StateStore store = new StateStore(dir.resolve("s.json"));
        store.save(StackState.empty("other", "us-west-2"));

        assertThatThrownBy(() -> store.load("demo", "us-west-2"))
                .isInstanceOf(StateException.class).hasMessageContaining("belongs to stack 'other'");
    }

    @Test
    void load_otherRegion_isRefused() {
        StateStore store = new StateStore(dir.resolve("s.json"));
        store.save(StackState.empty("demo", "eu-west-1"));

        assertThatThrownBy(() -> store.load("demo", "us-west-2"))
                .isInstanceOf(StateException.class).hasMessageContaining("region eu-west-1");
    }

    @Test
    void push_sameLineageNewerSerial_replacesKeepingItsSerial() {
        StateStore remote = new StateStore(dir.resolve("remote.json"));
        StackState stored = remote.save(remote.save(StackState.empty("demo", "us-west-2")));
        StackState local = withVpc(stored, "vpc-9").withSerial(5);

        StackState pushed = remote.push(local, false);

        assertThat(pushed.serial()).isEqualTo(5);
        assertThat(remote.load("demo", "us-west-2").orElseThrow().resource("network/vpc").orElseThrow().physicalId())
                .isEqualTo("vpc-9");
    }

    @Test
    void push_otherLineageOrOlderSerial_isRefusedUnlessForced() {
        StateStore remote = new StateStore(dir.resolve("remote.json"));
        StackState stored = remote.save(remote.save(withVpc(StackState.empty("demo", "us-west-2"), "vpc-1")));
        StackState stranger = withVpc(StackState.empty("demo", "us-west-2"), "vpc-2");
        StackState older = stored.withSerial(1);

        assertThatThrownBy(() -> remote.push(stranger, false)).isInstanceOf(StateConflictException.class)
                .hasMessageContaining("another lineage").hasMessageContaining("--force");
        assertThatThrownBy(() -> remote.push(older, false)).isInstanceOf(StateConflictException.class)
                .hasMessageContaining("newer (serial 2, the file 1)");
        assertThat(remote.load("demo", "us-west-2").orElseThrow()).as("unchanged").isEqualTo(stored);

        StackState forced = remote.push(stranger, true);
        assertThat(forced.lineage()).isEqualTo(stranger.lineage());
        assertThat(forced.serial()).isEqualTo(3);
    }
}
