package dev.yocto.resources.data.cdn;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.data.secrets.RsaKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.NoSuchPublicKeyException;
import software.amazon.awssdk.services.cloudfront.model.PublicKeyInUseException;
import software.amazon.awssdk.services.cloudfront.model.PublicKeySummary;

/**
 * The public half of the cloudfront-key secret, registered with CloudFront for signed URLs. It is
 * derived from the private key when created; no key material is kept anywhere else. Found by its
 * name (public keys take no tags), and always through the listing: moto answers GetPublicKey for an
 * unknown id with HTTP 500.
 */
public final class PublicKeyResource implements Resource {

    private static final Duration IN_USE_TIMEOUT = Duration.ofMinutes(30);

    private final Address address;
    private final Address secret;

    public PublicKeyResource(Address address, Address secret) {
        this.address = address;
        this.secret = secret;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "cloudfront:public-key";
    }

    @Override
    public Set<Address> dependencies() {
        return Set.of(secret);
    }

    @Override
    public Object settings() {
        return "rsa-2048";
    }

    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        List<PublicKeySummary> all = CloudFrontSupport.publicKeys(context.aws().cloudFront());
        return CloudFrontSupport.byIdOrName(all, knownId, CloudFrontSupport.name(context, address), PublicKeySummary::id,
                PublicKeySummary::name).map(key -> live(key.id(), key.name()));
    }

    private static Live live(String id, String name) {
        return Live.of(id, Map.of("id", id), Map.of("name", name));
    }

    @Override
    public Live create(Context context) {
        String privateKey = context.aws().secretsManager()
                .getSecretValue(r -> r.secretId(context.dependency(secret).physicalId())).secretString();
        String name = CloudFrontSupport.name(context, address);
        String id = context.aws().cloudFront().createPublicKey(r -> r.publicKeyConfig(c -> c
                .callerReference(context.idempotencyToken(address)).name(name)
                .encodedKey(RsaKeys.publicPem(privateKey)).comment("Yoctogram signed image URLs")))
                .publicKey().id();
        return live(id, name);
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("name", CloudFrontSupport.name(context, address));
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("name");
    }

    /** CloudFront refuses while a key group still holds it. */
    @Override
    public void delete(Context context, Live live) {
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
