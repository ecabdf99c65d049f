package dev.yocto.resources.data.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.DataSafety;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.topology.DataLayer;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.LocalStackSuite;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The data layer's secrets, handler by handler (the CLI-level data tests need RDS and CloudFront,
 * which LocalStack lacks; these run on both emulators): generated once, never read back, restored
 * when scheduled for deletion, deleted at once only with --delete-data.
 */
@ExtendWith(EmulatorExtension.class)
@LocalStackSuite
class SecretKindTest {

    private final AwsEmulator emulator;
    private Runs runs;
    private SecretsManagerClient secrets;

    SecretKindTest(AwsEmulator emulator) {
        this.emulator = emulator;
    }

    /** Each test its own stack, so none sees another's secret. */
    private void stack(String stack) {
        runs = new Runs(emulator, stack);
        secrets = runs.aws().secretsManager();
    }

    private static final Desired<SecretKind.Settings> JWT = Desired.of(DataLayer.SECRET_JWT, SecretKind.KIND,
            new SecretKind.Settings("jwt", "Yoctogram token signing key", SecretValues.signingKey()));

    @Test
    void create_generatesTheValueOnce_tagsTheSecret_andKeepsTheValueOutOfWhatItRecords() {
        stack("secretnew");

        Live live = Runs.converge(runs.context(), JWT, Optional.empty());

        assertThat(live.attribute("name")).isEqualTo("secretnew/jwt");
        String value = secrets.getSecretValue(r -> r.secretId(live.arn())).secretString();
        assertThat(value).hasSize(64);
        assertThat(live.attributes().values()).noneMatch(v -> v.contains(value));
        assertThat(live.observed().values()).noneMatch(v -> v.contains(value));
        var described = secrets.describeSecret(r -> r.secretId(live.arn()));
        assertThat(described.description()).isEqualTo("Yoctogram token signing key");
        assertThat(described.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value)))
                .containsEntry(Tags.STACK, "secretnew").containsEntry(Tags.RESOURCE, "data/secret/jwt");

        Context second = runs.context();
        Live again = Runs.observe(second, JWT, Optional.empty()).orElseThrow();
        assertThat(again.arn()).as("found by name without state").isEqualTo(live.arn());
        assertThat(Runs.diff(second, JWT, again)).isEmpty();
        Runs.converge(second, JWT, Optional.of(live.arn()));
        assertThat(secrets.getSecretValue(r -> r.secretId(live.arn())).secretString()).as("never rotated")
                .isEqualTo(value);
    }

    @Test
    void theDefaultTeardown_schedulesDeletion_whichIsDrift_andProvisionRestoresTheSameValue() {
        stack("secretkeep");
        Live live = Runs.converge(runs.context(), JWT, Optional.empty());
        String value = secrets.getSecretValue(r -> r.secretId(live.arn())).secretString();

        SecretKind.KIND.delete(runs.context(), JWT.address(), live);

        Context context = runs.context();
        Live scheduled = Runs.observe(context, JWT, Optional.of(live.arn())).orElseThrow();
        assertThat(scheduled.observed().get("deletion")).startsWith("scheduled for ");
        assertThat(Runs.diff(context, JWT, scheduled)).extracting(Difference::field).containsExactly("deletion");
        assertThat(runs.reports).anyMatch(report -> report.contains("can be restored for 7 days"));

        Runs.converge(context, JWT, Optional.of(live.arn()));

        assertThat(secrets.describeSecret(r -> r.secretId(live.arn())).deletedDate()).isNull();
        assertThat(secrets.getSecretValue(r -> r.secretId(live.arn())).secretString()).isEqualTo(value);
    }

    @Test
    void deleteData_removesTheSecretAtOnce() {
        stack("secretgone");
        DataSafety deleteData = new DataSafety(true, false, Instant.now());
        Live live = Runs.converge(runs.context(), JWT, Optional.empty());

        SecretKind.KIND.delete(runs.context().withSafety(deleteData), JWT.address(), live);

        assertThatThrownBy(() -> secrets.describeSecret(r -> r.secretId(live.arn())))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(Runs.observe(runs.context(), JWT, Optional.of(live.arn()))).isEmpty();
        SecretKind.KIND.delete(runs.context().withSafety(deleteData), JWT.address(), live);
    }

    @Test
    void aSecretOfTheSameNameWithoutTheStackTag_isRefused_notTakenOver() {
        stack("secrettest");
        secrets.createSecret(r -> r.name("secrettest/jwt").secretString("someone's")
                .tags(Tag.builder().key(Tags.STACK).value("someone-else").build()));

        assertThatThrownBy(() -> Runs.observe(runs.context(), JWT, Optional.empty()))
                .isInstanceOf(ResourceException.class).hasMessageContaining("secrettest/jwt")
                .hasMessageContaining("will not take it over");
        assertThat(secrets.getSecretValue(r -> r.secretId("secrettest/jwt")).secretString()).isEqualTo("someone's");
    }
}
