package dev.yocto.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.Tag;

/** The S3 backend on the emulator: conditional writes, the lock object, init-bucket. */
@ExtendWith(EmulatorExtension.class)
class S3StateBackendTest {

    private static final String REGION = "us-west-2";

    private final S3Client s3;
    private String bucket;
    private S3Location location;

    S3StateBackendTest(AwsEmulator emulator) {
        s3 = S3Client.builder().endpointOverride(emulator.endpoint()).region(emulator.region()).forcePathStyle(true)
                .credentialsProvider(emulator.credentials()).build();
    }

    @BeforeEach
    void bucket() {
        bucket = "state-" + UUID.randomUUID().toString().substring(0, 8);
        location = S3Location.parse("s3://" + bucket + "/team/yocto/");
        StateBucket.ensure(s3, bucket, REGION);
    }

    @AfterEach
    void close() {
        s3.close();
    }

    private StateStore store() {
        return new StateStore(new S3StateBackend(s3, location, "demo", REGION));
    }

    private static StackState withVpc(StackState state, String id) {
        return state.with("network/vpc", new ResourceRecord("ec2:vpc", id, null, Map.of(), "hash",
                Instant.parse("2026-01-01T00:00:00Z")));
    }

    /** The serials of every version of the state object. */
    private List<Long> serialsOfEveryVersion() {
        String key = location.stateKey("demo");
        return s3.listObjectVersions(r -> r.bucket(bucket).prefix(key)).versions().stream()
                .filter(v -> v.key().equals(key))
                .map(v -> StateStoreJson.serial(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)
                        .versionId(v.versionId())).asByteArray()))
                .toList();
    }

    @Test
    void initBucket_blocksPublicAccess_encrypts_versions_tagsWithoutTheStack_andIsRepeatable() {
        s3.putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(Tag.builder().key("team").value("infra").build())));

        List<String> again = StateBucket.ensure(s3, bucket, REGION);

        assertThat(again.get(0)).contains("exists in this account");
        PublicAccessBlockConfiguration block = s3.getPublicAccessBlock(r -> r.bucket(bucket))
                .publicAccessBlockConfiguration();
        assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(),
                block.restrictPublicBuckets())).containsOnly(true);
        assertThat(s3.getBucketEncryption(r -> r.bucket(bucket)).serverSideEncryptionConfiguration().rules())
                .extracting(rule -> rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString())
                .containsExactly("AES256");
        assertThat(s3.getBucketVersioning(r -> r.bucket(bucket)).statusAsString()).isEqualTo("Enabled");
        Map<String, String> tags = s3.getBucketTagging(r -> r.bucket(bucket)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
        assertThat(tags).containsEntry("yocto:purpose", "state").containsEntry("team", "infra")
                .doesNotContainKey("yocto:stack");
    }

    @Test
    void save_thenLoad_roundTrips_underThePrefix() {
        StateStore store = store();
        StackState saved = store.save(withVpc(StackState.empty("demo", REGION), "vpc-1"));

        assertThat(store().load("demo", REGION)).contains(saved);
        assertThat(s3.headObject(r -> r.bucket(bucket).key("team/yocto/demo.state.json")).contentType())
                .isEqualTo("application/json");
    }

    @Test
    void firstWrite_whenAnotherRunWroteFirst_isRefused() {
        StateStore first = store();
        StateStore second = store();
        first.load("demo", REGION);
        second.load("demo", REGION);
        first.save(withVpc(StackState.empty("demo", REGION), "vpc-1"));

        assertThatThrownBy(() -> second.save(withVpc(StackState.empty("demo", REGION), "vpc-2")))
                .isInstanceOf(StateConflictException.class).hasMessageContaining("Nothing was overwritten");
        assertThat(store().load("demo", REGION).orElseThrow().resource("network/vpc").orElseThrow().physicalId())
                .isEqualTo("vpc-1");
    }

    @Test
    void racingWrite_isRefusedNamingTheWriter_andEveryWrittenSerialSurvivesAsAVersion() {
        StackState base = store().save(withVpc(StackState.empty("demo", REGION), "vpc-1"));
        StateStore alice = store();
        StateStore bob = store();
        StackState aliceRead = alice.load("demo", REGION).orElseThrow();
        StackState bobRead = bob.load("demo", REGION).orElseThrow();
        try (StateBackend.Lock ignored = alice.backend().lock("provision")) {
            alice.save(withVpc(aliceRead, "vpc-alice"));
        }

        assertThatThrownBy(() -> bob.save(withVpc(bobRead, "vpc-bob")))
                .isInstanceOf(StateConflictException.class)
                .hasMessageContaining("changed since this run read it")
                .hasMessageContaining("by pid " + ProcessHandle.current().pid())
                .hasMessageContaining("running 'provision'")
                .hasMessageContaining("Nothing was overwritten");

        assertThat(store().load("demo", REGION).orElseThrow().resource("network/vpc").orElseThrow().physicalId())
                .as("alice's write stands").isEqualTo("vpc-alice");
        StackState bobAgain = bob.load("demo", REGION).orElseThrow();
        bob.save(withVpc(bobAgain, "vpc-bob"));
        assertThat(serialsOfEveryVersion()).as("serials of the object's versions")
                .containsExactlyInAnyOrder(base.serial(), base.serial() + 1, base.serial() + 2);
    }

    @Test
    void upgradeOfAVersion1State_stillComparesAndSwaps() {
        String version1 = "{\"version\":1,\"stack\":\"demo\",\"region\":\"" + REGION + "\",\"lineage\":\"l-1\","
                + "\"serial\":7,\"resources\":{}}";
        s3.putObject(r -> r.bucket(bucket).key(location.stateKey("demo")), RequestBody.fromString(version1));
        StateStore mine = store();
        StackState read = mine.load("demo", REGION).orElseThrow();
        StateStore other = store();
        other.save(other.load("demo", REGION).orElseThrow());

        assertThatThrownBy(() -> mine.save(withVpc(read, "vpc-mine"))).isInstanceOf(StateConflictException.class);
        assertThat(store().load("demo", REGION).orElseThrow().resources()).as("the other upgrade stands").isEmpty();
    }

    @Test
    void write_afterTheStateWasDeleted_isRefused() {
        StateStore store = store();
        StackState saved = store.save(StackState.empty("demo", REGION));
        s3.deleteObject(r -> r.bucket(bucket).key(location.stateKey("demo")));

        assertThatThrownBy(() -> store.save(saved)).isInstanceOf(StateConflictException.class)
                .hasMessageContaining("it was deleted");
    }

    @Test
    void lock_whileHeld_isRefusedWithTheHolder_andFreeAgainAfterRelease() {
        StateBackend first = new S3StateBackend(s3, location, "demo", REGION);
        StateBackend second = new S3StateBackend(s3, location, "demo", REGION);
        try (StateBackend.Lock held = first.lock("provision")) {
            assertThatThrownBy(() -> second.lock("teardown"))
                    .isInstanceOf(LockHeldException.class)
                    .hasMessageContaining("locked by pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("user " + System.getProperty("user.name"))
                    .hasMessageContaining("'provision'")
                    .hasMessageContaining("yocto unlock");
            assertThat(second.lockHolder()).get().extracting(LockOwner::command).isEqualTo("provision");
        }
        assertThat(second.lockHolder()).isEmpty();
        second.lock("teardown").close();
    }

    @Test
    void breakLock_removesTheLockShown_butNotOneTakenSince() {
        StateBackend crashed = new S3StateBackend(s3, location, "demo", REGION);
        StateBackend.Lock left = crashed.lock("provision");
        StateBackend other = new S3StateBackend(s3, location, "demo", REGION);
        LockOwner shown = other.lockHolder().orElseThrow();

        other.breakLock(shown);
        StateBackend.Lock taken = other.lock("teardown");
        left.close();

        assertThat(other.lockHolder()).as("the release of the broken lock leaves the new one")
                .get().extracting(LockOwner::command).isEqualTo("teardown");
        assertThatThrownBy(() -> other.breakLock(shown)).isInstanceOf(LockHeldException.class)
                .hasMessageContaining("changed since it was shown");
        taken.close();
    }

    @Test
    void missingBucket_saysHowToCreateIt() {
        StateStore store = new StateStore(new S3StateBackend(s3, S3Location.parse("s3://no-such-" + bucket), "demo",
                "eu-central-1"));

        assertThatThrownBy(() -> store.load("demo", "eu-central-1"))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("yocto state init-bucket")
                .hasMessageContaining("LocationConstraint=eu-central-1")
                .hasMessageContaining("put-bucket-versioning");
    }

    @Test
    void firstWrite_toABucketWithoutVersioning_isRefused() {
        String plain = bucket + "-plain";
        s3.createBucket(r -> r.bucket(plain).createBucketConfiguration(c -> c.locationConstraint(REGION)));
        StateStore store = new StateStore(new S3StateBackend(s3, S3Location.parse("s3://" + plain), "demo", REGION));

        assertThatThrownBy(() -> store.save(StackState.empty("demo", REGION)))
                .isInstanceOf(StateException.class).hasMessageContaining("does not keep versions")
                .hasMessageContaining("Nothing was written");
    }

    @Test
    void location_isValidated() {
        assertThat(S3Location.problem("s3://Bad_Bucket/x")).get().asString().contains("not an S3 bucket name");
        assertThat(S3Location.problem("/tmp/state.json")).get().asString().contains("not an S3 location");
        assertThat(S3Location.problem("s3://ok-bucket/a//b")).get().asString().contains("empty path segment");
        assertThat(S3Location.parse("s3://ok-bucket").stateKey("demo")).isEqualTo("demo.state.json");
        assertThat(S3Location.parse("s3://ok-bucket/a/b/").lockKey("demo")).isEqualTo("a/b/demo.lock");
    }
}
