package dev.yocto.resources.compute.lb;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.AwsClients;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Emulation;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.config.ConfigLoader;
import dev.yocto.resources.config.StackConfig;

import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.resources.topology.DnsLayer;
import dev.yocto.resources.topology.NetworkLayer;
import dev.yocto.testkit.AwsEmulator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One stack's network on the emulator, made by the network layer's own handlers (VPC, the public and
 * private subnets, the {@code alb} and {@code app} security groups), a regional certificate
 * requested from ACM, the origin-header secret, and the load balancer, target group, listeners and
 * listener rule of the service. Every {@link #context()} is a new run whose clients log their calls
 * in {@link #calls}.
 */
public final class ElbFixture {

    private static final Set<Address> NETWORK = Set.of(NetworkLayer.VPC, NetworkLayer.subnet(NetworkLayer.Tier.PUBLIC, 0),
            NetworkLayer.subnet(NetworkLayer.Tier.PUBLIC, 1), NetworkLayer.subnet(NetworkLayer.Tier.PRIVATE, 0),
            NetworkLayer.subnet(NetworkLayer.Tier.PRIVATE, 1), NetworkLayer.SG_ALB, NetworkLayer.SG_APP);

    public final AwsCallLog calls = new AwsCallLog();
    public final List<String> reports = new CopyOnWriteArrayList<>();
    public final StackConfig config;
    private final String stack;
    private final AwsEmulator emulator;
    private final AwsClients aws;
    private final List<Desired<?>> network;
    private String certificateArn;

    public ElbFixture(AwsEmulator emulator, String stack) {
        this.emulator = emulator;
        this.stack = stack;
        this.config = ConfigLoader.parse("test", "stack: " + stack, Optional.empty(), emulator.region().id());
        this.aws = new AwsClients(emulator.region(), Optional.of(emulator.endpoint()), emulator.credentials(),
                List.of(calls));
        // The layer lists them in dependency order.
        this.network = NetworkLayer.resources(config).stream().filter(r -> NETWORK.contains(r.address())).toList();
    }

    public AwsClients aws() {
        return aws;
    }

    public Desired<?> loadBalancer() {
        return Runs.compute(config, ComputeLayer.LOAD_BALANCER);
    }

    public Desired<?> targetGroup() {
        return Runs.compute(config, ComputeLayer.TARGET_GROUP);
    }

    public Desired<?> httpsListener() {
        return Runs.compute(config, ComputeLayer.LISTENER_HTTPS);
    }

    public Desired<?> httpListener() {
        return Runs.compute(config, ComputeLayer.LISTENER_HTTP);
    }

    public Desired<?> originSecret() {
        return Runs.compute(config, ComputeLayer.ORIGIN_SECRET);
    }

    public Desired<?> originRule() {
        return Runs.compute(config, ComputeLayer.ORIGIN_RULE);
    }

    /** The load balancing resources in dependency order. */
    public List<Desired<?>> loadBalancing() {
        return List.of(loadBalancer(), targetGroup(), httpsListener(), httpListener(), originRule());
    }

    /** A new run of the emulator profile. */
    public Context context() {
        return context(Emulation.EMULATOR);
    }

    public Context context(Emulation emulation) {
        return new Context(stack, emulator.region().id(), aws, emulation,
                (address, message) -> reports.add(address + ": " + message));
    }

    /** A new run with the network and the origin secret converged (made on the first call), the certificate resolved. */
    public Context withNetwork() {
        return withNetwork(Emulation.EMULATOR);
    }

    public Context withNetwork(Emulation emulation) {
        Context context = context(emulation);
        network.forEach(resource -> Runs.converge(context, resource, Optional.empty()));
        if (certificateArn == null) {
            certificateArn = aws.acm(emulator.region()).requestCertificate(r -> r.domainName("example.com")
                    .subjectAlternativeNames("*.example.com")).certificateArn();
        }
        context.resolve(DnsLayer.CERTIFICATE_REGIONAL, Live.of(certificateArn, Map.of("arn", certificateArn), Map.of()));
        Runs.converge(context, originSecret(), Optional.empty());
        return context;
    }

    /** {@link #withNetwork()} with the load balancer, target group and both listeners converged. */
    public Context withLoadBalancing() {
        return withLoadBalancing(Emulation.EMULATOR);
    }

    public Context withLoadBalancing(Emulation emulation) {
        Context context = withNetwork(emulation);
        loadBalancing().forEach(resource -> Runs.converge(context, resource, Optional.empty()));
        return context;
    }

    public String certificateArn() {
        return certificateArn;
    }
}
