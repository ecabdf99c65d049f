package dev.yocto.resources.data.secrets;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import dev.yocto.resources.data.DataSafety;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * A Secrets Manager secret named {@code <stack>/<name>}. Its value is generated once, when it is
 * created; a re-run never reads or compares it, so it is never rotated by accident. A secret
 * scheduled for deletion is drift that provision repairs by restoring it, value and all.
 */
public final class SecretResource implements Resource {

    private static final long RECOVERY_DAYS = 7;

    public record Settings(String name, String description) {
    }

    private final Address address;
    private final Settings settings;
    private final SecretValue value;
    private final DataSafety safety;

    public SecretResource(Address address, String name, String description, SecretValue value, DataSafety safety) {
        this.address = address;
        this.settings = new Settings(name, description);
        this.value = value;
        this.safety = safety;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "secretsmanager:secret";
    }

    @Override
    public Set<Address> dependencies() {
        return Set.of();
    }

    @Override
    public Settings settings() {
        return settings;
    }

    public static String secretName(Context context, String name) {
        return context.stack() + "/" + name;
    }

    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        SecretsManagerClient secrets = context.aws().secretsManager();
        return knownId.flatMap(arn -> describe(secrets, arn))
                .or(() -> describe(secrets, secretName(context, settings.name())))
                .map(secret -> live(context, secret));
    }

    private static Optional<DescribeSecretResponse> describe(SecretsManagerClient secrets, String id) {
        try {
            return Optional.of(secrets.describeSecret(r -> r.secretId(id)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private Live live(Context context, DescribeSecretResponse secret) {
        Map<String, String> tags = secret.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
        Tags.requireOurs(context.stack(), address, "a secret named " + secret.name(), tags);
        String deletion = secret.deletedDate() == null ? "none" : "scheduled for " + secret.deletedDate();
        return new Live(secret.arn(), secret.arn(), Map.of("arn", secret.arn(), "name", secret.name()),
                Map.of("deletion", deletion, "description", String.valueOf(secret.description())));
    }

    @Override
    public Live create(Context context) {
        SecretsManagerClient secrets = context.aws().secretsManager();
        String name = secretName(context, settings.name());
        String arn = secrets.createSecret(r -> r.name(name)
                .description(settings.description()).secretString(value.generate(context))
                .clientRequestToken(context.idempotencyToken(address))
                .tags(context.tags(address).entrySet().stream()
                        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())).arn();
        return new Live(arn, arn, Map.of("arn", arn, "name", name),
                Map.of("deletion", "none", "description", settings.description()));
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("deletion", "none", "description", settings.description());
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        SecretsManagerClient secrets = context.aws().secretsManager();
        for (Difference difference : differences) {
            if (difference.field().equals("deletion")) {
                secrets.restoreSecret(r -> r.secretId(live.physicalId()));
            } else if (difference.field().equals("description")) {
                secrets.updateSecret(r -> r.secretId(live.physicalId()).description(settings.description()));
            }
        }
        return observe(context, Optional.of(live.physicalId())).orElseThrow();
    }

    /** With {@code --delete-data} at once; otherwise restorable for a week (the default teardown). */
    @Override
    public void delete(Context context, Live live) {
        SecretsManagerClient secrets = context.aws().secretsManager();
        boolean scheduled = !"none".equals(live.observed().get("deletion"));
        try {
            if (safety.deleteData()) {
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
