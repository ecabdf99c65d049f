package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.engine.aws.CallCounter;
import dev.yocto.state.StateLock;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes, --json documents and refusals of the CLI (DESIGN §4). */
@ExtendWith(EmulatorExtension.class)
class CliContractTest {

    @TempDir
    Path dir;

    private CallCounter calls;
    private Cli cli;

    @BeforeEach
    void setUp(AwsEmulator emulator) {
        calls = new CallCounter();
        cli = new Cli(emulator, dir, "clitest");
    }

    @Test
    void unknownFlag_exits3_withShortMessage_andNoAwsCall() {
        Cli.Result result = cli.run(List.of(calls), "provision", "--paralelism", "4");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("Unknown option").contains("'--paralelism'").contains("--parallelism").contains("--help");
        assertThat(calls.total()).isZero();
    }

    @Test
    void badFlagValues_exit3_withEveryProblem_andNoAwsCall() {
        Cli.Result result = cli.run(List.of(calls), "provision", "--parallelism", "0", "--only", "network,storage");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("--parallelism must be between 1 and 64, got 0")
                .contains("--only: unknown layer 'storage'");
        assertThat(calls.total()).isZero();
    }

    @Test
    void badConfiguration_exits3_listingAllProblems_andNoAwsCall() throws Exception {
        Files.writeString(dir.resolve("yocto.yaml"), "stack: clitest\nnatGateways: 7\nvpcCidr: 10.0.0.0/8\nbogus: 1\n");

        Cli.Result result = cli.run(List.of(calls), "provision");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("has 3 problems").contains("natGateways").contains("vpcCidr")
                .contains("bogus: unknown key");
        assertThat(calls.total()).isZero();
        assertThat(cli.statePath()).doesNotExist();
    }

    @Test
    void missingConfigFile_exits3() {
        Cli.Result result = cli.run(List.of(calls), "plan", "--config", "nowhere.yaml");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("nowhere.yaml").contains("does not exist");
        assertThat(calls.total()).isZero();
    }

    @Test
    void plan_exits2_beforeProvision_and0_after_withOneJsonDocument() {
        Cli.Result before = cli.run("plan", "--json");
        assertThat(before.exitCode()).as(before.toString()).isEqualTo(2);
        assertThat(before.json().get("hasChanges").asBoolean()).isTrue();
        assertThat(before.json().get("summary").get("created").asInt()).isEqualTo(21);
        assertThat(before.json().get("summary").get("mutatingCalls").asInt()).isZero();

        assertThat(cli.run("up").exitCode()).isZero();

        Cli.Result after = cli.run("plan", "--json");
        assertThat(after.exitCode()).isZero();
        assertThat(after.json().get("hasChanges").asBoolean()).isFalse();
        Cli.Result status = cli.run("status", "--json");
        assertThat(status.json().get("inSync").asBoolean()).isTrue();
        assertThat(status.json().get("resources")).hasSize(21);
        assertThat(status.json().get("summary").get("awsCalls").asInt()).isPositive();
        Cli.Result outputs = cli.run("outputs", "--json");
        assertThat(outputs.exitCode()).isZero();
        assertThat(outputs.json().get("siteUrl").asText()).isEqualTo("https://yoctogram.example.infracourse.cloud");
        assertThat(outputs.json().get("apiUrl").asText()).isEqualTo("https://api.yoctogram.example.infracourse.cloud");
        assertThat(outputs.json().get("nameServers").isArray()).isTrue();
        assertThat(outputs.json().get("ids").get("network/vpc").asText()).startsWith("vpc-");
        assertThat(cli.run("down", "--yes").exitCode()).isZero();
    }

    @Test
    void globalOptions_workBeforeTheCommandToo(AwsEmulator emulator) {
        Cli.Result result = cli.raw(List.of(), "--json", "--endpoint-url", emulator.endpoint().toString(),
                "--only", "network", "plan");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.json().get("changes")).hasSize(21);
    }

    @Test
    void teardown_withoutYesOffTerminal_exits3_andDeletesNothing() {
        assertThat(cli.run("provision").exitCode()).isZero();

        Cli.Result result = cli.run(List.of(calls), "teardown");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("pass --yes");
        assertThat(calls.total()).isZero();
        assertThat(cli.run("status").exitCode()).isZero();
        assertThat(cli.run("teardown", "--yes").exitCode()).isZero();
    }

    @Test
    void provision_whileLocked_exits3_namingTheHolder() {
        try (StateLock held = StateLock.acquire(cli.statePath(), "provision")) {
            Cli.Result result = cli.run(List.of(calls), "provision");

            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(result.err()).contains("locked by pid " + ProcessHandle.current().pid())
                    .contains("'provision'").contains("yocto unlock");
            assertThat(calls.total()).isZero();
        }
        Cli.Result unlock = cli.run("unlock");
        assertThat(unlock.exitCode()).isZero();
    }

    @Test
    void corruptStateFile_isAClearError_andLeftUntouched() throws Exception {
        Files.createDirectories(cli.statePath().getParent());
        Files.writeString(cli.statePath(), "{\"version\": 1, \"stack\": \"clitest\", ");

        Cli.Result result = cli.run(List.of(calls), "provision");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("is not valid yocto state").contains("rebuild");
        assertThat(Files.readString(cli.statePath())).isEqualTo("{\"version\": 1, \"stack\": \"clitest\", ");
        assertThat(calls.total()).isZero();
    }

    @Test
    void helpAndVersion_exit0() {
        assertThat(cli.raw(List.of(), "--help").exitCode()).isZero();
        assertThat(cli.raw(List.of(), "--version").out()).contains("yocto");
    }
}
