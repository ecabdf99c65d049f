package dev.yocto.resources.data.secrets;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Ref;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a resource derives from a secret's value (a fingerprint, a host), kept in its state with the
 * id of the secret version it came from and read again only when the secret's current version is
 * another. A version's value never changes: a new value is a new version, to which Secrets Manager
 * moves the AWSCURRENT label (PutSecretValue, UpdateSecret with a value, a rotation:
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html#term_version
 * and https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html, "If a
 * version with a VersionId with the same value as the ClientRequestToken parameter already exists,
 * and you specify the same secret data, the operation succeeds but does nothing. However, if the
 * secret data is different, then the operation fails"). The secret's DescribeSecret, read on every
 * run anyway, names the current version, so an out-of-band change of the value is still seen.
 */
public final class SecretDerived {

    /** The attribute that names the secret version a resource's kept values came from. */
    public static final String SECRET_VERSION = "secretVersion";

    private SecretDerived() {
    }

    /**
     * The current version of the secret, resolved in this run, when it is live: empty when it is
     * not resolved, has no version, or is scheduled for deletion (its value cannot be read then).
     */
    public static Optional<String> currentVersion(Context context, Ref<String> secretArn) {
        return context.resolved(secretArn.producer()).filter(live -> "none".equals(live.observed().get("deletion")))
                .flatMap(live -> version(live.physicalId(), live.attributes().get(SecretKind.VERSION.name())));
    }

    /**
     * A version of one secret: its ARN and the version id. Version ids are unique within a secret
     * only, and the first version's id is the create call's token, the same for a secret deleted and
     * created again under the same name; the ARN's random suffix tells those secrets apart.
     */
    public static Optional<String> version(String secretArn, String versionId) {
        return versionId == null || versionId.isEmpty() || "null".equals(versionId) ? Optional.empty()
                : Optional.of(secretArn + " " + versionId);
    }

    /**
     * What state keeps as {@code attribute} of {@code address} when it came from the secret's current
     * version, else {@code read} (once per run).
     */
    public static String value(Context context, Address address, Ref<String> secretArn, String attribute,
                               Supplier<String> read) {
        Optional<String> current = currentVersion(context, secretArn);
        if (current.isPresent() && current.equals(context.kept(address, SECRET_VERSION))) {
            Optional<String> kept = context.kept(address, attribute);
            if (kept.isPresent()) {
                return kept.get();
            }
        }
        return context.listing("secret-derived:" + address.value() + ":" + attribute, read::get);
    }
}
