package dev.yocto.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.yocto.resources.topology.StackOutputs;
import dev.yocto.state.ResourceRecord;
import dev.yocto.state.StackState;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "outputs", description = "Site URL, API URL, name servers to delegate, ids (from the state; no AWS call).")
final class OutputsCommand extends StackCommand {

    @Override
    public Integer call() {
        GlobalOptions options = options();
        try (Session session = Session.offline(options, io())) {
            Optional<StackState> state = session.store().load(session.config.stack(), session.config.region());
            Map<String, ResourceRecord> records = state.map(StackState::resourcesView).orElse(Map.of());
            StackOutputs outputs = StackOutputs.of(session.config, address -> Optional.ofNullable(
                    records.get(address.value())).map(ResourceRecord::attributes).orElse(Map.of()));
            String siteUrl = outputs.siteUrl();
            String apiUrl = outputs.apiUrl();
            List<String> nameServers = outputs.nameServers();
            Map<String, String> distributions = outputs.distributions();
            Optional<String> loadBalancer = outputs.loadBalancer();
            Optional<String> imageUri = outputs.image();
            boolean placeholder = outputs.imagePlaceholder();
            Optional<String> digest = outputs.imageDigest();
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
}
