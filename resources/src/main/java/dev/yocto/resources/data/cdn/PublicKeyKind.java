package dev.yocto.resources.data.cdn;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.data.secrets.RsaKeys;
import dev.yocto.resources.data.secrets.SecretDerived;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.NoSuchPublicKeyException;
import software.amazon.awssdk.services.cloudfront.model.PublicKeyInUseException;
import software.amazon.awssdk.services.cloudfront.model.PublicKeySummary;

/**
 * The public half of the cloudfront-key secret, registered with CloudFront for signed URLs, derived
 * from the private key; no key material is kept anywhere else. The two are compared by fingerprint
 * on every run. Found by its name (public keys take no tags), and always through the listing: moto
 * answers GetPublicKey for an unknown id with HTTP 500.
 */
public final class PublicKeyKind implements Kind<PublicKeyKind.Settings> {

    public static final String ID = "cloudfront:public-key";
    public static final PublicKeyKind KIND = new PublicKeyKind();
    public static final Output<String> KEY_ID = Output.attribute(ID, "id");
    private static final Duration IN_USE_TIMEOUT = Duration.ofMinutes(30);
    private static final String SECRET_FINGERPRINT = "secretFingerprint";

    /** @param secretArn the cloudfront-key secret, which holds the private key */
    public record Settings(Ref<String> secretArn) {
    }

    private PublicKeyKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        List<PublicKeySummary> all = CloudFrontSupport.publicKeys(context.aws().cloudFront());
        return CloudFrontSupport.byIdOrName(all, knownId, CloudFrontSupport.name(context, address), PublicKeySummary::id,
                PublicKeySummary::name).map(key -> live(context, address, settings, key.id(), key.name(),
                key.encodedKey()));
    }

    /** With the secret's fingerprint and the version it came from, for the next run ({@link SecretDerived}). */
    private static Live live(Context context, Address address, Optional<Settings> settings, String id, String name,
                             String encodedKey) {
        Map<String, String> attributes = new HashMap<>(Map.of("id", id));
        settings.ifPresent(s -> SecretDerived.currentVersion(context, s.secretArn()).ifPresent(version -> {
            attributes.put(SecretDerived.SECRET_VERSION, version);
            attributes.put(SECRET_FINGERPRINT, secretFingerprint(context, address, s));
        }));
        return Live.of(id, attributes, Map.of("name", name, "fingerprint", RsaKeys.fingerprint(encodedKey)));
    }

    /**
     * The fingerprint of the public half of the key in the secret: from state while the secret's
     * current version is the one it was computed from, else from the secret's value.
     */
    private static String secretFingerprint(Context context, Address address, Settings settings) {
        return SecretDerived.value(context, address, settings.secretArn(), SECRET_FINGERPRINT,
                () -> RsaKeys.fingerprint(publicKey(context, settings)));
    }

    /** The public half of the key in the secret; the private key passes through memory only. */
    private static String publicKey(Context context, Settings settings) {
        String privateKey = context.aws().secretsManager()
                .getSecretValue(r -> r.secretId(context.value(settings.secretArn()))).secretString();
        return RsaKeys.publicPem(privateKey);
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        String publicKey = publicKey(context, desired.settings());
        String name = CloudFrontSupport.name(context, desired.address());
        String id = context.aws().cloudFront().createPublicKey(r -> r.publicKeyConfig(c -> c
                .callerReference(context.uniqueReference(desired.address())).name(name)
                .encodedKey(publicKey).comment("Yoctogram signed image URLs")))
                .publicKey().id();
        return live(context, desired.address(), Optional.of(desired.settings()), id, name, publicKey);
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("name", CloudFrontSupport.name(context, desired.address()),
                "fingerprint", secretFingerprint(context, desired.address(), desired.settings()));
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("name");
    }

    /**
     * A CloudFront public key cannot change, and the key group (and through it the private
     * distribution) holds it: a different key in the secret needs a rotation yocto does not do yet.
     */
    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        throw new ResourceException(desired.address(), "CloudFront public key " + live.physicalId() + " is not the public half "
                + "of the key in the cloudfront-key secret (was the secret re-created?); URLs signed with the secret's "
                + "key are refused. Restore the secret's previous value, or delete the private distribution, the key "
                + "group and this public key, then run provision");
    }

    /** CloudFront refuses while a key group still holds it. */
    @Override
    public void delete(Context context, Address address, Live live) {
        CloudFrontClient cloudFront = context.aws().cloudFront();
        Poll.until(context, address, "public key " + live.physicalId() + " to leave its key group", IN_USE_TIMEOUT,
                () -> {
                    try {
                        String etag = cloudFront.getPublicKey(r -> r.id(live.physicalId())).eTag();
                        cloudFront.deletePublicKey(r -> r.id(live.physicalId()).ifMatch(etag));
                        return Optional.of(true);
                    } catch (NoSuchPublicKeyException e) {
                        return Optional.of(true);
                    } catch (PublicKeyInUseException e) {
                        return Optional.empty();
                    }
                });
    }
}
