package dev.yocto.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Optional;

/** A request body that must be a JSON object, read field by field with clear 400s. */
public final class JsonBody {

    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    public static JsonBody of(Context ctx, ObjectMapper mapper) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        return new JsonBody(root);
    }

    public String requiredString(String field) {
        return optionalString(field).orElseThrow(() -> ApiException.badRequest("field '" + field + "' is required"));
    }

    public Optional<String> optionalString(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("field '" + field + "' must be a string");
        }
        return Optional.of(value.textValue());
    }
}
