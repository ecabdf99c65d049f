package dev.yocto.resources.topology;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.config.StackConfig;
import dev.yocto.resources.dns.CertificateResource;
import dev.yocto.resources.dns.DelegationResource;
import dev.yocto.resources.dns.HostedZoneResource;
import java.util.ArrayList;
import java.util.List;

/**
 * The dns layer of DESIGN §6: the public hosted zone, its delegation in the parent zone when that
 * is in this account, and two DNS-validated certificates for the domain and its wildcards: one in
 * the stack region (load balancer), one in us-east-1 (CloudFront accepts only those).
 */
public final class DnsLayer {

    public static final Address CERTIFICATE_REGIONAL = Address.of("dns/certificate/regional");
    public static final Address CERTIFICATE_CLOUDFRONT = Address.of("dns/certificate/cloudfront");
    public static final String CLOUDFRONT_REGION = "us-east-1";
    public static final Address ZONE = HostedZoneResource.ADDRESS;

    private DnsLayer() {
    }

    /** What the user adds where the parent domain's DNS is hosted to delegate {@code domain} to its zone. */
    public static String delegationInstructions(String domain, String nameServers) {
        return DelegationResource.instructions(domain, nameServers);
    }

    public static List<Resource> resources(StackConfig config) {
        List<Resource> resources = new ArrayList<>();
        resources.add(new HostedZoneResource(config.domain()));
        boolean delegated = config.parentZoneId() != null;
        if (delegated) {
            resources.add(new DelegationResource(config.parentZoneId(), config.domain()));
        }
        List<String> wildcards = List.of("*." + config.domain(), "*." + config.siteDomain());
        resources.add(new CertificateResource(CERTIFICATE_REGIONAL, config.region(), config.domain(), wildcards,
                delegated));
        resources.add(new CertificateResource(CERTIFICATE_CLOUDFRONT, CLOUDFRONT_REGION, config.domain(), wildcards,
                delegated));
        return resources;
    }
}
