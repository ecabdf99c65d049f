package dev.yocto.resources.data.secrets;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * A Secrets Manager secret named {@code <stack>/<name>}. Its value is generated once, when it is
 * created; a re-run never reads or compares it, so it is never rotated by accident. A secret
 * scheduled for deletion is drift that provision repairs by restoring it, value and all.
 */
public final class SecretKind implements Kind<SecretKind.Settings> {

    public static final String ID = "secretsmanager:secret";
    public static final SecretKind KIND = new SecretKind();
    public static final Output<String> ARN = Output.attribute(ID, "arn");
    /** The id of the version that holds the secret's current value (staging label AWSCURRENT). */
    public static final Output<String> VERSION = Output.attribute(ID, "version");
    private static final long RECOVERY_DAYS = 7;
    private static final String CURRENT = "AWSCURRENT";
    /** How long a create is asked again while a forced delete of the same name finishes. */
    static final Duration FORCED_DELETE_TIMEOUT = Duration.ofMinutes(2);

    /** @param value makes the first value; never compared */
    public record Settings(String name, String description, SecretValue value) {
    }

    private SecretKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    public static String secretName(Context context, String name) {
        return context.stack() + "/" + name;
    }

    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        SecretsManagerClient secrets = context.aws().secretsManager();
        return knownId.flatMap(arn -> describe(secrets, arn))
                .or(() -> settings.flatMap(s -> describe(secrets, secretName(context, s.name()))))
                .map(secret -> live(context, address, secret));
    }

    private static Optional<DescribeSecretResponse> describe(SecretsManagerClient secrets, String id) {
        try {
            return Optional.of(secrets.describeSecret(r -> r.secretId(id)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Live live(Context context, Address address, DescribeSecretResponse secret) {
        Map<String, String> tags = secret.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
        Tags.requireOurs(context.stack(), address, "a secret named " + secret.name(), tags);
        String deletion = secret.deletedDate() == null ? "none" : "scheduled for " + secret.deletedDate();
        String version = secret.versionIdsToStages().entrySet().stream()
                .filter(e -> e.getValue().contains(CURRENT)).map(Map.Entry::getKey).findFirst().orElse("");
        return new Live(secret.arn(), secret.arn(), Map.of("arn", secret.arn(), "name", secret.name(),
                VERSION.name(), version),
                Map.of("deletion", deletion, "description", String.valueOf(secret.description())));
    }

    /**
     * A forced delete (teardown {@code --delete-data}) finishes in the background: until it has,
     * CreateSecret of the same name is refused as "scheduled for deletion", and AWS asks callers to
     * back off and retry (DeleteSecret's ForceDeleteWithoutRecovery,
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html). The
     * create is asked again for {@link #FORCED_DELETE_TIMEOUT}; a secret in its recovery window is
     * not this case (observe finds it, and provision restores it).
     */
    @Override
    public Live create(Context context, Desired<Settings> desired) {
        SecretsManagerClient secrets = context.aws().secretsManager();
        Settings settings = desired.settings();
        String name = secretName(context, settings.name());
        String value = settings.value().generate(context);
        var created = Poll.whileRefused(context, desired.address(), "Secrets Manager to finish deleting the secret "
                        + name + " (deleted moments ago without recovery)", FORCED_DELETE_TIMEOUT,
                SecretKind::isBeingDeleted, () -> secrets.createSecret(r -> r.name(name)
                        .description(settings.description()).secretString(value)
                        .clientRequestToken(context.idempotencyToken(desired.address()))
                        .tags(context.tags(desired.address()).entrySet().stream()
                                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
        String arn = created.arn();
        return new Live(arn, arn, Map.of("arn", arn, "name", name, VERSION.name(), String.valueOf(created.versionId())),
                Map.of("deletion", "none", "description", settings.description()));
    }

    static boolean isBeingDeleted(RuntimeException e) {
        return e instanceof InvalidRequestException invalid && invalid.awsErrorDetails() != null
                && String.valueOf(invalid.awsErrorDetails().errorMessage()).contains("scheduled for deletion");
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("deletion", "none", "description", desired.settings().description());
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        SecretsManagerClient secrets = context.aws().secretsManager();
        for (Difference difference : differences) {
            if (difference.field().equals("deletion")) {
                secrets.restoreSecret(r -> r.secretId(live.physicalId()));
            } else if (difference.field().equals("description")) {
                secrets.updateSecret(r -> r.secretId(live.physicalId()).description(desired.settings().description()));
            }
        }
        return observe(context, desired.address(), Optional.of(desired.settings()), Optional.of(live.physicalId()))
                .orElseThrow();
    }

    /** With {@code --delete-data} at once; otherwise restorable for a week (the default teardown). */
    @Override
    public void delete(Context context, Address address, Live live) {
        SecretsManagerClient secrets = context.aws().secretsManager();
        boolean scheduled = !"none".equals(live.observed().get("deletion"));
        try {
            if (context.safety().deleteData()) {
                secrets.deleteSecret(r -> r.secretId(live.physicalId()).forceDeleteWithoutRecovery(true));
            } else if (!scheduled) {
                secrets.deleteSecret(r -> r.secretId(live.physicalId()).recoveryWindowInDays(RECOVERY_DAYS));
                context.report(address, "secret " + live.attribute("name") + " can be restored for " + RECOVERY_DAYS
                        + " days (a later provision restores it)");
            }
        } catch (ResourceNotFoundException e) {
            // already gone
        }
    }
}
