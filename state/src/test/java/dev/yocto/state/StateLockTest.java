package dev.yocto.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateLockTest {

    @TempDir
    Path dir;

    @Test
    void acquire_whileHeld_isRefusedWithTheHolder() {
        Path state = dir.resolve("s.json");
        try (StateLock ignored = StateLock.acquire(state, "provision")) {
            assertThatThrownBy(() -> StateLock.acquire(state, "teardown"))
                    .isInstanceOf(LockHeldException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("'provision'")
                    .hasMessageContaining("yocto unlock");
        }
    }

    @Test
    void acquire_afterRelease_succeeds() {
        Path state = dir.resolve("s.json");
        StateLock.acquire(state, "provision").close();
        try (StateLock lock = StateLock.acquire(state, "status")) {
            assertThat(lock).isNotNull();
        }
    }

    @Test
    void acquire_heldByAnotherProcess_isRefused() throws Exception {
        Path state = dir.resolve("s.json");
        Path lockFile = StateLock.lockPathOf(state);
        Process holder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), state.toString()))
                .redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && (!Files.exists(lockFile) || Files.size(lockFile) == 0)) {
                Thread.sleep(50);
            }
            assertThatThrownBy(() -> StateLock.acquire(state, "provision"))
                    .isInstanceOf(LockHeldException.class)
                    .hasMessageContaining("pid " + holder.pid())
                    .hasMessageContaining("'holder'");
            assertThatThrownBy(() -> StateLock.removeStale(state))
                    .isInstanceOf(LockHeldException.class).hasMessageContaining("running process");
        } finally {
            holder.destroyForcibly().waitFor();
        }
        // The holder died without releasing: its leftover file is stale and the lock is free.
        assertThat(StateLock.removeStale(state)).hasValueSatisfying(owner -> assertThat(owner.pid()).isEqualTo(holder.pid()));
        assertThat(lockFile).doesNotExist();
        StateLock.acquire(state, "provision").close();
    }

    /** Holds the lock until killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws InterruptedException, IOException {
            StateLock.acquire(Path.of(args[0]), "holder");
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }
}
