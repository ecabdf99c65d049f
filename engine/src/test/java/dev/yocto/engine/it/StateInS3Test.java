package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yocto.state.StackState;
import dev.yocto.state.StateStore;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The state in S3 through the CLI, with real second processes: the lock refuses a second run and
 * names the first, survives a SIGKILL until {@code unlock}; a write racing another is refused and
 * nothing is lost; push, pull and the move from a local file.
 */
@ExtendWith(EmulatorExtension.class)
class StateInS3Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final AwsEmulator emulator;
    private final S3Client s3;
    private final List<Process> processes = new ArrayList<>();
    private String stack;
    private String bucket;

    StateInS3Test(AwsEmulator emulator) {
        this.emulator = emulator;
        this.s3 = S3Client.builder().endpointOverride(emulator.endpoint()).region(emulator.region())
                .forcePathStyle(true).credentialsProvider(emulator.credentials()).build();
    }

    @BeforeEach
    void names() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        stack = "team-" + suffix;
        bucket = "yocto-state-" + suffix;
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        s3.close();
    }

    /** A CLI in {@code dir} whose yocto.yaml keeps the state in S3, with the bucket made by init-bucket. */
    private Cli teamCli(Path workingDirectory) throws IOException {
        Files.createDirectories(workingDirectory);
        Files.writeString(workingDirectory.resolve("yocto.yaml"), "stack: " + stack + "\nstate: s3://" + bucket
                + "/team/\n");
        return new Cli(emulator, workingDirectory, stack);
    }

    private String stateKey() {
        return "team/" + stack + ".state.json";
    }

    private String lockKey() {
        return "team/" + stack + ".lock";
    }

    private boolean lockExists() {
        try {
            s3.headObject(r -> r.bucket(bucket).key(lockKey()));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The serial of every version of the state object. */
    private List<Long> serialsOfEveryVersion() {
        return s3.listObjectVersions(r -> r.bucket(bucket).prefix(stateKey())).versions().stream()
                .filter(version -> version.key().equals(stateKey()))
                .map(version -> read(s3.getObjectAsBytes(r -> r.bucket(bucket).key(stateKey())
                        .versionId(version.versionId())).asUtf8String()).get("serial").asLong())
                .sorted().toList();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(json, e);
        }
    }

    /** A yocto process of its own ({@link PausedRun}) that has taken the lock and waits before any EC2 call. */
    private Process startPaused(Path workingDirectory, Path resume, String command) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PausedRun.class.getName(), workingDirectory.toString(),
                resume == null ? "-" : resume.toString(), command, "--endpoint-url", emulator.endpoint().toString(),
                "--only", "network"));
        ProcessBuilder builder = new ProcessBuilder(line).redirectError(workingDirectory.resolve("paused.err").toFile());
        builder.environment().put("AWS_REGION", emulator.region().id());
        Process process = builder.start();
        processes.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> paused = CompletableFuture.supplyAsync(() -> {
            try {
                for (String read = out.readLine(); read != null; read = out.readLine()) {
                    if (read.contains(PausedRun.PAUSED)) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(paused.get(90, TimeUnit.SECONDS)).as("the paused run got to its first EC2 call; stderr:\n%s",
                (Object) (Files.exists(workingDirectory.resolve("paused.err"))
                        ? Files.readString(workingDirectory.resolve("paused.err")) : "")).isTrue();
        return process;
    }

    @Test
    void secondRun_isRefusedWithTheFirstsOwner_aKilledRunLeavesTheLock_andUnlockClearsIt() throws Exception {
        Cli alice = teamCli(dir.resolve("alice"));
        assertThat(alice.run("state", "init-bucket").exitCode()).isZero();
        Cli bob = teamCli(dir.resolve("bob"));
        Process first = startPaused(dir.resolve("alice"), null, "provision");

        Cli.Result refused = bob.run("provision");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.err()).contains("s3://" + bucket + "/" + stateKey())
                .contains("locked by pid " + first.pid() + " on ").contains("(user " + System.getProperty("user.name"))
                .contains("running 'provision' since").contains("yocto unlock");

        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(lockExists()).as("a run killed with SIGKILL leaves its lock").isTrue();
        assertThat(bob.run("provision").exitCode()).as("still refused").isEqualTo(3);

        Cli.Result notConfirmed = bob.run("unlock");
        assertThat(notConfirmed.exitCode()).as(notConfirmed.toString()).isEqualTo(3);
        assertThat(notConfirmed.err()).contains("locked by pid " + first.pid()).contains("--yes");
        assertThat(bob.onTerminal("n\n").run("unlock").exitCode()).as("declined").isEqualTo(3);
        assertThat(lockExists()).isTrue();

        Cli.Result unlocked = bob.onTerminal("y\n").run("unlock");
        assertThat(unlocked.exitCode()).as(unlocked.toString()).isZero();
        assertThat(unlocked.out()).contains("Removed the lock left by pid " + first.pid());
        assertThat(lockExists()).isFalse();

        Cli.Result provision = bob.run("provision");
        assertThat(provision.exitCode()).as(provision.toString()).isZero();
        assertThat(lockExists()).as("released at the end of the run").isFalse();
        assertThat(bob.run("unlock").out()).contains("No lock on s3://" + bucket + "/" + stateKey());
    }

    @Test
    void aFailingRun_andATerminatedRun_releaseTheirLock() throws Exception {
        Cli cli = teamCli(dir.resolve("ci"));
        assertThat(cli.run("state", "init-bucket").exitCode()).isZero();
        FaultInjector crash = new FaultInjector(1, service -> service.equalsIgnoreCase("ec2"));

        Cli.Result failed = cli.run(List.of(crash), "provision");

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(crash.failedOperation()).isNotNull();
        assertThat(lockExists()).as("released by a run that failed").isFalse();

        Process terminated = startPaused(dir.resolve("ci"), null, "provision");
        assertThat(lockExists()).isTrue();
        terminated.destroy();
        assertThat(terminated.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lockExists()).as("released when the run is stopped with SIGTERM").isFalse();
    }

    @Test
    void aWriteRacingAnother_isRefusedNamingTheWriter_andNothingIsLost() throws Exception {
        Cli alice = teamCli(dir.resolve("alice"));
        assertThat(alice.run("state", "init-bucket").exitCode()).isZero();
        Cli bob = teamCli(dir.resolve("bob"));
        Path resume = dir.resolve("resume");
        Process first = startPaused(dir.resolve("alice"), resume, "provision");
        assertThat(bob.run("unlock", "--yes").exitCode()).as("someone breaks the lock of a live run").isZero();
        Cli.Result meanwhile = bob.run("provision");
        assertThat(meanwhile.exitCode()).as(meanwhile.toString()).isZero();
        List<Long> bobs = serialsOfEveryVersion();

        Files.writeString(resume, "go");
        assertThat(first.waitFor(90, TimeUnit.SECONDS)).isTrue();

        String aliceErr = Files.readString(dir.resolve("alice/paused.err"));
        assertThat(first.exitValue()).as(aliceErr).isNotZero();
        assertThat(aliceErr).contains("changed since this run read it")
                .contains("it was written at ").contains("by pid " + ProcessHandle.current().pid()).contains("running 'provision'")
                .contains("Nothing was overwritten");
        assertThat(serialsOfEveryVersion()).as("every state bob wrote is still there; alice added none")
                .isEqualTo(bobs).hasSizeGreaterThan(1);
        long last = bobs.get(bobs.size() - 1);
        assertThat(read(s3.getObjectAsBytes(r -> r.bucket(bucket).key(stateKey())).asUtf8String()).get("serial")
                .asLong()).as("the current state is bob's last").isEqualTo(last);
        assertThat(lockExists()).isFalse();
        Cli.Result status = bob.run("status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
    }

    @Test
    void aSavedPlan_madeOnOneMachine_isProvisionedOnAnother_andRefusedOnceTheStateMoved() throws Exception {
        Cli review = teamCli(dir.resolve("pull-request"));
        assertThat(review.run("state", "init-bucket").exitCode()).isZero();
        Cli deploy = teamCli(dir.resolve("main"));

        assertThat(review.run("plan", "--out", "plan.json").exitCode()).as("changes pending").isEqualTo(2);
        Files.copy(dir.resolve("pull-request/plan.json"), dir.resolve("main/plan.json"));
        Cli.Result applied = deploy.run("provision", "plan.json");

        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        assertThat(deploy.run("status").exitCode()).as("in sync").isZero();
        Cli.Result again = deploy.run("provision", "plan.json");
        assertThat(again.exitCode()).as("the state in S3 moved on since the plan: " + again).isEqualTo(3);
    }

    @Test
    void pushThenPull_roundTrips_andAPushOfAnotherLineage_isRefusedUnlessForced() throws Exception {
        Cli local = new Cli(emulator, dir.resolve("laptop"), stack);
        Files.createDirectories(dir.resolve("laptop"));
        assertThat(local.run("provision").exitCode()).isZero();
        String laptopState = Files.readString(local.statePath());
        String s3State = "s3://" + bucket + "/team";
        assertThat(local.run("state", "init-bucket", "--state", s3State).exitCode()).isZero();

        Cli.Result push = local.run("state", "push", local.statePath().toString(), "--state", s3State);

        assertThat(push.exitCode()).as(push.toString()).isZero();
        assertThat(push.out()).contains("to s3://" + bucket + "/" + stateKey());
        Cli.Result pull = local.run("state", "pull", "--state", s3State);
        assertThat(pull.exitCode()).as(pull.toString()).isZero();
        assertThat(read(pull.out())).as("pulled as pushed").isEqualTo(read(laptopState));
        assertThat(local.run("state", "pull", "--out", "copy.json", "--state", s3State).exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("laptop/copy.json"))).isEqualTo(laptopState);

        Path stranger = dir.resolve("stranger.json");
        new StateStore(stranger).save(StackState.empty(stack, emulator.region().id()));
        Cli.Result refused = local.run("state", "push", stranger.toString(), "--state", s3State);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.err()).contains("another lineage").contains("--force");
        assertThat(read(local.run("state", "pull", "--state", s3State).out())).as("unchanged")
                .isEqualTo(read(laptopState));

        Cli.Result forced = local.run("state", "push", stranger.toString(), "--force", "--state", s3State);
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(read(local.run("state", "pull", "--state", s3State).out()).get("resources").size()).isZero();
        assertThat(serialsOfEveryVersion()).as("the replaced state is kept as a version").hasSize(2);
    }

    @Test
    void switchingTheConfigurationToS3_offersToMoveTheLocalState() throws Exception {
        Path project = dir.resolve("project");
        Cli before = new Cli(emulator, project, stack);
        Files.createDirectories(project);
        assertThat(before.run("provision").exitCode()).isZero();
        String lineage = read(Files.readString(before.statePath())).get("lineage").asText();
        Cli after = teamCli(project);
        assertThat(after.run("state", "init-bucket").exitCode()).isZero();

        Cli.Result ci = after.run("provision");

        assertThat(ci.exitCode()).as(ci.toString()).isEqualTo(3);
        assertThat(ci.err()).contains("yocto state push " + before.statePath());
        assertThat(after.onTerminal("n\n").run("status").exitCode()).as("declined").isEqualTo(3);
        assertThat(before.statePath()).exists();

        Cli.Result moved = after.onTerminal("y\n").run("provision");

        assertThat(moved.exitCode()).as(moved.toString()).isZero();
        assertThat(moved.err()).contains("Move it there now?").contains("Moved.");
        assertThat(before.statePath()).doesNotExist();
        assertThat(before.statePath().resolveSibling(stack + ".state.json.moved-to-s3")).exists();
        JsonNode inS3 = read(s3.getObjectAsBytes(r -> r.bucket(bucket).key(stateKey())).asUtf8String());
        assertThat(inS3.get("lineage").asText()).as("the same history").isEqualTo(lineage);
        assertThat(inS3.get("resources").size()).isPositive();
        Cli.Result status = after.run("status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
    }

    @Test
    void aMissingBucket_isAClearError_thatNamesInitBucket() throws Exception {
        Cli cli = teamCli(dir.resolve("fresh"));

        Cli.Result result = cli.run("provision");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("the state bucket '" + bucket + "' does not exist")
                .contains("yocto state init-bucket").contains("put-bucket-versioning");
        assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals(bucket));
    }
}
