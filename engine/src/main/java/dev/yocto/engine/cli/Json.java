package dev.yocto.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.yocto.engine.plan.Change;
import dev.yocto.resources.api.Difference;
import java.io.PrintWriter;
import java.util.List;

/** The JSON documents of {@code --json}: one per command, on stdout, nothing else there. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ObjectNode summary(Summary summary) {
        ObjectNode node = object();
        node.put("created", summary.created());
        node.put("updated", summary.updated());
        node.put("replaced", summary.replaced());
        node.put("deleted", summary.deleted());
        node.put("unchanged", summary.unchanged());
        node.put("awsCalls", summary.awsCalls());
        node.put("mutatingCalls", summary.mutatingCalls());
        node.put("retries", summary.retries());
        node.put("seconds", summary.seconds());
        return node;
    }

    static ArrayNode differences(List<Difference> differences) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Difference difference : differences) {
            ObjectNode node = array.addObject();
            node.put("field", difference.field());
            node.put("desired", difference.desired());
            node.put("live", difference.live());
        }
        return array;
    }

    static ArrayNode changes(List<Change> changes) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Change change : changes) {
            ObjectNode node = array.addObject();
            node.put("id", change.address().value());
            node.put("kind", change.kind());
            node.put("action", change.action().verb());
            node.put("reason", change.reason());
            node.put("orphan", change.orphan());
            ArrayNode awaiting = node.putArray("awaiting");
            change.awaiting().stream().map(a -> a.value()).sorted().forEach(awaiting::add);
            node.put("physicalId", change.physicalId().orElse(null));
            node.set("differences", differences(change.differences()));
        }
        return array;
    }

    static void print(PrintWriter out, ObjectNode document) {
        try {
            out.println(MAPPER.writeValueAsString(document));
            out.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
