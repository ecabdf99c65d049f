package dev.yocto.resources.topology;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.config.StackConfig;
import dev.yocto.resources.dns.CertificateKind;
import dev.yocto.resources.dns.DelegationKind;
import dev.yocto.resources.dns.HostedZoneKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The dns layer of DESIGN §6: the public hosted zone, its delegation in the parent zone when that
 * is in this account, and two DNS-validated certificates for the domain and its wildcards: one in
 * the stack region (load balancer), one in us-east-1 (CloudFront accepts only those).
 */
public final class DnsLayer {

    public static final Address ZONE = Address.of("dns/zone");
    public static final Address DELEGATION = Address.of("dns/delegation");
    public static final Address CERTIFICATE_REGIONAL = Address.of("dns/certificate/regional");
    public static final Address CERTIFICATE_CLOUDFRONT = Address.of("dns/certificate/cloudfront");
    public static final String CLOUDFRONT_REGION = "us-east-1";
    /**
     * What teardown keeps unless told {@code --delete-zone} (or {@code --delete-data}): a new zone
     * gets new name servers, which the delegation would have to name again before anything resolves
     * or a certificate is issued.
     */
    public static final Set<Address> KEPT_UNLESS_DELETE_ZONE = Set.of(ZONE, DELEGATION);
    /** Why, as teardown says it. */
    public static final String KEPT_BECAUSE = "the domain's delegation (at its registrar, or in the parent zone) "
            + "names this zone's name servers; a new zone would get others, and the delegation would have to be "
            + "redone before certificates are issued";

    private DnsLayer() {
    }

    /** What the user adds where the parent domain's DNS is hosted to delegate {@code domain} to its zone. */
    public static String delegationInstructions(String domain, String nameServers) {
        return DelegationKind.instructions(domain, nameServers);
    }

    public static List<Desired<?>> resources(StackConfig config) {
        List<Desired<?>> resources = new ArrayList<>();
        Desired<HostedZoneKind.Settings> zone = Desired.of(ZONE, HostedZoneKind.KIND,
                new HostedZoneKind.Settings(config.domain()));
        resources.add(zone);
        Ref<String> nameServers = zone.ref(HostedZoneKind.NAME_SERVERS);
        Optional<Ref<String>> delegation = Optional.empty();
        if (config.parentZoneId() != null) {
            Desired<DelegationKind.Settings> record = Desired.of(DELEGATION, DelegationKind.KIND,
                    new DelegationKind.Settings(config.parentZoneId(), config.domain(), nameServers));
            resources.add(record);
            delegation = Optional.of(record.ref(DelegationKind.RECORD));
        }
        List<String> wildcards = List.of("*." + config.domain(), "*." + config.siteDomain());
        for (Address address : List.of(CERTIFICATE_REGIONAL, CERTIFICATE_CLOUDFRONT)) {
            String region = address.equals(CERTIFICATE_REGIONAL) ? config.region() : CLOUDFRONT_REGION;
            resources.add(Desired.of(address, CertificateKind.KIND, new CertificateKind.Settings(region,
                    config.domain(), wildcards, zone.ref(HostedZoneKind.ZONE_ID), nameServers, delegation)));
        }
        return resources;
    }

    /** The kinds of this layer. */
    public static List<Kind<?>> kinds() {
        return List.of(HostedZoneKind.KIND, DelegationKind.KIND, CertificateKind.KIND);
    }
}
