package dev.yocto.resources.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What a resource operation may use: the stack's name and region, the AWS clients, the live
 * attributes of resources resolved so far in this run, and a channel for progress messages.
 */
public final class Context {

    private final String stack;
    private final String region;
    private final AwsClients aws;
    private final Emulation emulation;
    private final BiConsumer<Address, String> progress;
    private final DataSafety safety;
    private final Function<Address, Map<String, String>> kept;
    private final Map<Address, Live> resolved = new ConcurrentHashMap<>();
    private final Map<String, Object> listings = new ConcurrentHashMap<>();

    public Context(String stack, String region, AwsClients aws, Emulation emulation,
                   BiConsumer<Address, String> progress) {
        this(stack, region, aws, emulation, progress, DataSafety.keepData(), address -> Map.of());
    }

    private Context(String stack, String region, AwsClients aws, Emulation emulation,
                    BiConsumer<Address, String> progress, DataSafety safety,
                    Function<Address, Map<String, String>> kept) {
        this.stack = stack;
        this.region = region;
        this.aws = aws;
        this.emulation = emulation;
        this.progress = progress;
        this.safety = safety;
        this.kept = kept;
    }

    /** A new run (nothing resolved or listed yet) whose deletions follow {@code safety}. */
    public Context withSafety(DataSafety safety) {
        return new Context(stack, region, aws, emulation, progress, safety, kept);
    }

    /** The same run, with what state keeps of each resource's attributes ({@link #kept}). */
    public Context keeping(Function<Address, Map<String, String>> attributesInState) {
        return new Context(stack, region, aws, emulation, progress, safety, attributesInState);
    }

    /**
     * An attribute that state keeps of a resource from an earlier run: for a value a kind looks up
     * once and that never changes (the id of an AWS-managed prefix list in the region), so a run
     * without changes need not ask AWS again. Empty without state, or before the first run.
     */
    public Optional<String> kept(Address address, String attribute) {
        return Optional.ofNullable(kept.apply(address).get(attribute));
    }

    /** How deletions treat data in this run: teardown's flags, or keep everything. */
    public DataSafety safety() {
        return safety;
    }

    public String stack() {
        return stack;
    }

    public String region() {
        return region;
    }

    public AwsClients aws() {
        return aws;
    }

    public Emulation emulation() {
        return emulation;
    }

    public Map<String, String> tags(Address address) {
        return Tags.of(stack, address);
    }

    /** Records what a resource looks like now, for its dependents. */
    public void resolve(Address address, Live live) {
        resolved.put(address, live);
    }

    public void forget(Address address) {
        resolved.remove(address);
    }

    public Optional<Live> resolved(Address address) {
        return Optional.ofNullable(resolved.get(address));
    }

    /** The live view of a dependency; the graph guarantees it was resolved first. */
    public Live dependency(Address address) {
        Live live = resolved.get(address);
        if (live == null) {
            throw new IllegalStateException(address + " is needed but was not resolved in this run");
        }
        return live;
    }

    /** The value a reference stands for; the graph guarantees its producer was resolved first. */
    public <T> T value(Ref<T> ref) {
        return ref.output().read().apply(dependency(ref.producer()));
    }

    /** The value a reference stands for when its producer exists; empty while it is still to be created. */
    public <T> Optional<T> valueIfResolved(Ref<T> ref) {
        return resolved(ref.producer()).map(ref.output().read());
    }

    /**
     * A listing loaded once per run and shared by the resources of one kind, so that observing N
     * subnets costs one describe call instead of N. Only for observing: a handler that has just
     * changed something reads it back directly.
     */
    @SuppressWarnings("unchecked")
    public <T> T listing(String key, java.util.function.Supplier<T> load) {
        // computeIfAbsent makes concurrent observers of one kind wait for a single call.
        return (T) listings.computeIfAbsent(key, k -> load.get());
    }

    /** Drops the listings whose key starts with {@code prefix}: a handler changed what they list. */
    public void forgetListings(String prefix) {
        listings.keySet().removeIf(key -> key.startsWith(prefix));
    }

    /** The account the run's credentials belong to (STS GetCallerIdentity), looked up once per run. */
    public String account() {
        return listing("sts:account", () -> aws.sts().getCallerIdentity().account());
    }

    /**
     * A caller reference for APIs that remember it beyond the resource's life and refuse it again
     * (CloudFront, Route 53): the stable token, by which a resource whose create answer was lost
     * can be recognised, and a random part, so a resource made again after a teardown never reuses
     * a reference.
     */
    public String uniqueReference(Address address) {
        return idempotencyToken(address) + "-" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public void report(Address address, String message) {
        progress.accept(address, message);
    }

    /**
     * A token for the create call's idempotency field, the same for every run of this stack and
     * address, so a create retried after a crash cannot make a second copy. 32 hex characters fit
     * every API's limit (EC2 64, Route53 CallerReference 128, ACM 32).
     */
    public String idempotencyToken(Address address) {
        return idempotencyToken(address, new String[0]);
    }

    /**
     * The same, scoped by the ids of what the create call names (a subnet, a VPC): AWS keeps a
     * client token for a while after its resource is deleted, and a resource created again after a
     * teardown names new dependencies, so it gets a new token instead of the deleted resource.
     */
    public String idempotencyToken(Address address, String... scope) {
        try {
            String scoped = scope.length == 0 ? "" : "|" + String.join("|", scope);
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((stack + "|" + region + "|" + address.value() + scoped).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
