package dev.yocto.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.yocto.state.ResourceRecord;
import dev.yocto.state.StackState;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "outputs", description = "Site URL, API URL, name servers to delegate, ids (from the state; no AWS call).")
final class OutputsCommand extends StackCommand {

    @Override
    public Integer call() {
        GlobalOptions options = options();
        Session session = Session.offline(options, io());
        Optional<StackState> state = session.store.load(session.config.stack(), session.config.region());
        Map<String, ResourceRecord> records = state.map(StackState::resourcesView).orElse(Map.of());
        String siteUrl = "https://" + session.config.siteDomain();
        String apiUrl = "https://" + session.config.apiDomain();
        Optional<String> nameServers = Optional.ofNullable(records.get("dns/zone"))
                .map(record -> record.attributes().get("nameServers"));
        PrintWriter out = io().out();
        if (options.json()) {
            ObjectNode document = Json.object();
            document.put("stack", session.config.stack());
            document.put("region", session.config.region());
            document.put("siteUrl", siteUrl);
            document.put("apiUrl", apiUrl);
            ArrayNode servers = document.putArray("nameServers");
            nameServers.ifPresent(list -> {
                for (String server : list.split(",")) {
                    servers.add(server);
                }
            });
            ObjectNode ids = document.putObject("ids");
            records.forEach((address, record) -> ids.put(address, record.physicalId()));
            Json.print(out, document);
        } else {
            out.println("site URL      " + siteUrl);
            out.println("API URL       " + apiUrl);
            out.println("name servers  " + nameServers.orElse("(the dns layer is not provisioned)"));
            if (records.isEmpty()) {
                out.println("nothing provisioned yet (state " + session.statePath + ")");
            }
            records.forEach((address, record) -> out.println(String.format("%-36s %s", address, record.physicalId())));
            out.flush();
        }
        return ExitCode.OK;
    }
}
