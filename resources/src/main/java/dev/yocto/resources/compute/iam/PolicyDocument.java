package dev.yocto.resources.compute.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An IAM policy document: built from allow statements, rendered as JSON, and compared in a
 * canonical form, because IAM hands documents back URL-encoded, with its own spacing and order.
 */
public final class PolicyDocument {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ObjectNode> statements = new ArrayList<>();

    /** Allows {@code actions} on exactly {@code resources}. */
    public PolicyDocument allow(String sid, List<String> actions, List<String> resources) {
        ObjectNode statement = statement(sid, actions);
        statement.set("Resource", strings(resources));
        statements.add(statement);
        return this;
    }

    /**
     * Lets {@code service} assume the role on behalf of {@code account} only: the trust policy of a
     * service role, with {@code aws:SourceAccount} against the cross-service confused deputy (the
     * ECS developer guide, "Task IAM role", shows this condition for ecs-tasks.amazonaws.com).
     */
    public static PolicyDocument trust(String service, String account) {
        PolicyDocument document = new PolicyDocument();
        ObjectNode statement = document.statement("AllowServiceToAssume", List.of("sts:AssumeRole"));
        statement.putObject("Principal").put("Service", service);
        statement.putObject("Condition").putObject("StringEquals").put("aws:SourceAccount", account);
        document.statements.add(statement);
        return document;
    }

    private ObjectNode statement(String sid, List<String> actions) {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.set("Action", strings(actions));
        return statement;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    public String json() {
        ObjectNode document = JSON.createObjectNode();
        document.put("Version", "2012-10-17");
        ArrayNode array = document.putArray("Statement");
        statements.forEach(array::add);
        return document.toString();
    }

    public String canonical() {
        return canonical(json());
    }

    /**
     * The same text for every rendering of one policy: URL-decoded when IAM returned it encoded,
     * object keys sorted, every array sorted (statements, actions, resources and condition values
     * are sets in IAM's grammar) and one-element arrays written as their element (IAM reads
     * {@code "Action": "x"} and {@code "Action": ["x"]} alike).
     */
    public static String canonical(String document) {
        String text = document.strip().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
        try {
            return canonical(JSON.readTree(text)).toString();
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                sorted.put(field.getKey(), canonical(field.getValue()));
            }
            ObjectNode object = JSON.createObjectNode();
            sorted.forEach(object::set);
            return object;
        }
        if (node.isArray()) {
            List<JsonNode> elements = new ArrayList<>();
            node.forEach(element -> elements.add(canonical(element)));
            if (elements.size() == 1) {
                return elements.get(0);
            }
            elements.sort(Comparator.comparing(JsonNode::toString));
            ArrayNode array = JSON.createArrayNode();
            elements.forEach(array::add);
            return array;
        }
        return node;
    }
}
