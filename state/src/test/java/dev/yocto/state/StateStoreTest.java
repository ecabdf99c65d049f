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
    void save_keepsPreviousVersionAsBackup() throws IOException {
        StateStore store = new StateStore(dir.resolve("s.json"));
        StackState first = store.save(withVpc(StackState.empty("demo", "us-west-2"), "vpc-1"));
        store.save(withVpc(first, "vpc-2"));

        assertThat(Files.readString(store.backupPath())).contains("vpc-1").doesNotContain("vpc-2");
    }

    @Test
    void save_writesFilesReadableByOwnerOnly() throws IOException {
        StateStore store = new StateStore(dir.resolve("s.json"));
        StackState first = store.save(StackState.empty("demo", "us-west-2"));
        store.save(first);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.path()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.backupPath())))
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
                .hasMessageContaining(store.backupPath().toString());
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
}
