package dev.yocto.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.dns.HostedZoneResource;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.resources.topology.DataLayer;
import dev.yocto.state.ResourceRecord;
import dev.yocto.state.StackState;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "outputs", description = "Site URL, API URL, name servers to delegate, ids (from the state; no AWS call).")
final class OutputsCommand extends StackCommand {

    /** A CloudFront distribution by the name it has in the outputs. */
    private record Distribution(String name, Address address) {
    }

    private static final List<Distribution> DISTRIBUTIONS = List.of(
            new Distribution("site", ComputeLayer.SITE_DISTRIBUTION),
            new Distribution("publicImages", DataLayer.DISTRIBUTION_PUBLIC),
            new Distribution("privateImages", DataLayer.DISTRIBUTION_PRIVATE));

    @Override
    public Integer call() {
        GlobalOptions options = options();
        try (Session session = Session.offline(options, io())) {
            Optional<StackState> state = session.store().load(session.config.stack(), session.config.region());
            Map<String, ResourceRecord> records = state.map(StackState::resourcesView).orElse(Map.of());
            String siteUrl = "https://" + session.config.siteDomain();
            String apiUrl = "https://" + session.config.apiDomain();
            List<String> nameServers = attribute(records, HostedZoneResource.ADDRESS, "nameServers")
                    .map(list -> List.of(list.split(","))).orElse(List.of());
            Map<String, String> distributions = new LinkedHashMap<>();
            DISTRIBUTIONS.forEach(distribution -> attribute(records, distribution.address(), "domainName")
                    .ifPresent(domain -> distributions.put(distribution.name(), domain)));
            Optional<String> loadBalancer = attribute(records, ComputeLayer.LOAD_BALANCER, "dnsName");
            Optional<String> imageUri = attribute(records, ComputeLayer.IMAGE, "imageUri");
            boolean placeholder = attribute(records, ComputeLayer.IMAGE, "placeholder").filter("true"::equals).isPresent();
            Optional<String> digest = attribute(records, ComputeLayer.IMAGE, "digest").filter(d -> !d.isEmpty());
            PrintWriter out = io().out();
            if (options.json()) {
                ObjectNode document = Json.object();
                document.put("stack", session.config.stack());
                document.put("region", session.config.region());
                document.put("siteUrl", siteUrl);
                document.put("apiUrl", apiUrl);
                ArrayNode servers = document.putArray("nameServers");
                nameServers.forEach(servers::add);
                ObjectNode distributionNode = document.putObject("distributions");
                distributions.forEach(distributionNode::put);
                document.put("loadBalancer", loadBalancer.orElse(null));
                document.put("image", imageUri.orElse(null));
                document.put("imageDigest", digest.orElse(null));
                document.put("imagePlaceholder", placeholder);
                ObjectNode ids = document.putObject("ids");
                records.forEach((address, record) -> ids.put(address, record.physicalId()));
                Json.print(out, document);
            } else {
                out.println("site URL       " + siteUrl);
                out.println("API URL        " + apiUrl);
                out.println("name servers   " + (nameServers.isEmpty() ? "(the dns layer is not provisioned)"
                        : String.join(", ", nameServers)));
                distributions.forEach((name, domain) -> out.println(String.format("%-14s %s", "CDN " + name, domain)));
                loadBalancer.ifPresent(dns -> out.println("load balancer  " + dns));
                imageUri.ifPresent(uri -> out.println("image          " + uri + (placeholder
                        ? "  (PLACEHOLDER: no Docker when it was provisioned; no image was built)" : "")));
                if (records.isEmpty()) {
                    out.println("nothing provisioned yet (state " + session.stateLocation + ")");
                }
                records.forEach((address, record) -> out.println(String.format("%-36s %s", address, record.physicalId())));
                out.flush();
            }
            return ExitCode.OK;
        }
    }

    private static Optional<String> attribute(Map<String, ResourceRecord> records, Address address, String name) {
        return Optional.ofNullable(records.get(address.value())).map(record -> record.attributes().get(name));
    }
}
