package dev.oltpmesh.gateway.web;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is wrong with an OpenAPI document for clients that generate code from it or try it in Swagger
 * UI: an operation without the API key's security requirement, a body or parameter with no schema,
 * an untyped schema (no type, or an object with neither properties nor typed additional properties —
 * what a bare {@code Map} or {@code Object} becomes), JSON documented as opaque bytes (what a
 * forwarded {@code byte[]} becomes), a success without a body where one is due, a refusal that is not
 * a problem.
 */
final class ApiDocumentationCheck {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final JsonNode document;
    private final String securityScheme;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> checkedComponents = new HashSet<>();

    private ApiDocumentationCheck(JsonNode document, String securityScheme) {
        this.document = document;
        this.securityScheme = securityScheme;
    }

    /** Every problem of the document, each naming the operation and where in it. */
    static List<String> problemsOf(JsonNode document, String securityScheme) {
        ApiDocumentationCheck check = new ApiDocumentationCheck(document, securityScheme);
        check.run();
        return check.problems;
    }

    private void run() {
        JsonNode scheme = document.path("components").path("securitySchemes").path(securityScheme);
        if (!"http".equals(scheme.path("type").asString("")) || !"bearer".equals(scheme.path("scheme").asString(""))) {
            problems.add("security scheme '" + securityScheme + "' is not an HTTP bearer scheme: " + scheme);
        }
        if (document.path("paths").isEmpty()) {
            problems.add("the document has no operations");
        }
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (METHODS.contains(operation.getKey())) {
                    operation(operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue());
                }
            }
        }
    }

    private void operation(String name, JsonNode operation) {
        boolean keyed = false;
        for (JsonNode requirement : operation.path("security")) {
            keyed |= requirement.has(securityScheme);
        }
        if (!keyed) {
            problems.add(name + ": no '" + securityScheme + "' security requirement");
        }
        for (JsonNode parameter : operation.path("parameters")) {
            schema(name + " parameter " + parameter.path("name").asString(), parameter.get("schema"));
        }
        if (operation.has("requestBody")) {
            content(name + " request body", operation.path("requestBody").path("content"), true);
        }
        if (operation.path("responses").isEmpty()) {
            problems.add(name + ": no responses");
        }
        for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
            String code = response.getKey();
            String where = name + " response " + code;
            JsonNode content = response.getValue().path("content");
            if (code.startsWith("4") || code.startsWith("5")) {
                if (!content.has("application/problem+json")) {
                    problems.add(where + ": not an application/problem+json problem");
                }
                content(where, content, false);
            } else {
                content(where, content, !code.equals("204"));
            }
        }
    }

    private void content(String where, JsonNode content, boolean required) {
        if (content.isEmpty()) {
            if (required) {
                problems.add(where + ": no content");
            }
            return;
        }
        for (Map.Entry<String, JsonNode> media : content.properties()) {
            JsonNode schema = media.getValue().get("schema");
            String format = schema == null ? "" : schema.path("format").asString("");
            if (media.getKey().contains("json") && (format.equals("binary") || format.equals("byte"))) {
                problems.add(where + " (" + media.getKey() + "): JSON documented as opaque bytes");
            }
            schema(where + " (" + media.getKey() + ")", schema);
        }
    }

    private void schema(String where, JsonNode schema) {
        if (schema == null || schema.isMissingNode() || schema.isNull()) {
            problems.add(where + ": no schema");
            return;
        }
        if (schema.has("$ref")) {
            component(where, schema.path("$ref").asString());
            return;
        }
        boolean composed = false;
        for (String composition : List.of("oneOf", "anyOf", "allOf")) {
            for (JsonNode part : schema.path(composition)) {
                composed = true;
                schema(where + " " + composition, part);
            }
        }
        Set<String> types = types(schema);
        if (types.isEmpty()) {
            if (!composed && !schema.has("enum") && !schema.has("const")) {
                problems.add(where + ": untyped schema " + schema);
            }
            return;
        }
        // A union of types ("any JSON value") is typed; an object or array alone must say what it holds.
        types.remove("null");
        if (types.equals(Set.of("object"))) {
            boolean hasProperties = !schema.path("properties").isEmpty();
            JsonNode additional = schema.get("additionalProperties");
            boolean typedAdditional = additional != null && additional.isObject() && !additional.isEmpty();
            if (!hasProperties && !typedAdditional && !composed) {
                problems.add(where + ": an object with no properties and no typed additionalProperties " + schema);
            }
            for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
                schema(where + "." + property.getKey(), property.getValue());
            }
            if (typedAdditional) {
                schema(where + ".*", additional);
            }
        }
        if (types.equals(Set.of("array"))) {
            schema(where + "[]", schema.get("items"));
        }
    }

    /** A component is checked once, wherever it is used: its problems name the first use. */
    private void component(String where, String ref) {
        String prefix = "#/components/schemas/";
        if (!ref.startsWith(prefix)) {
            problems.add(where + ": a reference outside the components, " + ref);
            return;
        }
        String name = ref.substring(prefix.length());
        if (!checkedComponents.add(name)) {
            return;
        }
        JsonNode component = document.path("components").path("schemas").get(name);
        if (component == null) {
            problems.add(where + ": no schema " + name + " in the components");
            return;
        }
        schema(where + " -> " + name, component);
    }

    /** OpenAPI 3.1 allows a list of types ({@code ["string","null"]}); 3.0 one type. */
    private static Set<String> types(JsonNode schema) {
        Set<String> types = new HashSet<>();
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asString()));
        } else if (type.isString()) {
            types.add(type.asString());
        }
        return types;
    }
}
