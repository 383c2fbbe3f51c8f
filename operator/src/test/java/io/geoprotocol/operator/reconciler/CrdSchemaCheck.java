package io.geoprotocol.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the API server's structural schema checks, without a server: undeclared fields (which a
 * server would silently prune), types, enums, patterns, ranges and required fields. The CEL rules
 * are left to SpecProblems, which checks the same cross-field constraints.
 */
final class CrdSchemaCheck {

    private final JSONSchemaProps spec;

    private CrdSchemaCheck(JSONSchemaProps spec) {
        this.spec = spec;
    }

    /** The spec schema of the committed CRD, the one users install. */
    static CrdSchemaCheck committed() throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(
                Files.readString(Path.of(System.getProperty("geohub.crd.committed"))),
                CustomResourceDefinition.class);
        return new CrdSchemaCheck(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                .getProperties().get("spec"));
    }

    /** Every way the spec breaks the schema, one line each with its path; empty when it fits. */
    List<String> problems(JsonNode specNode) {
        List<String> problems = new ArrayList<>();
        check(specNode, spec, "spec", problems);
        return problems;
    }

    private static void check(JsonNode value, JSONSchemaProps schema, String path, List<String> problems) {
        if (Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
            return;
        }
        if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
            if (!value.isInt() && !value.isTextual()) {
                problems.add(path + ": must be an integer or a string, got " + value);
            }
            return;
        }
        String type = schema.getType();
        if ("object".equals(type)) {
            checkObject(value, schema, path, problems);
        } else if ("array".equals(type)) {
            if (!value.isArray()) {
                problems.add(path + ": must be a list, got " + value);
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.getItems().getSchema(), path + "[" + i + "]", problems);
            }
        } else if ("string".equals(type)) {
            checkString(value, schema, path, problems);
        } else if ("integer".equals(type)) {
            checkInteger(value, schema, path, problems);
        } else if ("boolean".equals(type) && !value.isBoolean()) {
            problems.add(path + ": must be true or false, got " + value);
        }
    }

    private static void checkObject(JsonNode value, JSONSchemaProps schema, String path, List<String> problems) {
        if (!value.isObject()) {
            problems.add(path + ": must be a map, got " + value);
            return;
        }
        Map<String, JSONSchemaProps> properties = schema.getProperties();
        JSONSchemaProps anyKey = schema.getAdditionalProperties() == null ? null
                : schema.getAdditionalProperties().getSchema();
        value.fields().forEachRemaining(field -> {
            String at = path + "." + field.getKey();
            if (properties != null && properties.containsKey(field.getKey())) {
                check(field.getValue(), properties.get(field.getKey()), at, problems);
            } else if (anyKey != null) {
                check(field.getValue(), anyKey, at, problems);
            } else {
                problems.add(at + ": no such field in the CRD (the API server would drop it)");
            }
        });
        if (schema.getRequired() != null) {
            schema.getRequired().stream()
                    .filter(name -> !value.has(name))
                    .forEach(name -> problems.add(path + "." + name + ": required"));
        }
    }

    private static void checkString(JsonNode value, JSONSchemaProps schema, String path, List<String> problems) {
        if (!value.isTextual()) {
            problems.add(path + ": must be a string, got " + value);
            return;
        }
        String text = value.asText();
        List<JsonNode> allowed = schema.getEnum();
        if (allowed != null && !allowed.isEmpty() && allowed.stream().noneMatch(e -> e.asText().equals(text))) {
            problems.add(path + ": " + text + " is not one of " + allowed);
        }
        if (schema.getPattern() != null && !Pattern.compile(schema.getPattern()).matcher(text).find()) {
            problems.add(path + ": " + text + " does not match " + schema.getPattern());
        }
    }

    private static void checkInteger(JsonNode value, JSONSchemaProps schema, String path, List<String> problems) {
        if (!value.isIntegralNumber()) {
            problems.add(path + ": must be an integer, got " + value);
            return;
        }
        long number = value.asLong();
        if (schema.getMinimum() != null && number < schema.getMinimum()) {
            problems.add(path + ": " + number + " is below the minimum " + schema.getMinimum().longValue());
        }
        if (schema.getMaximum() != null && number > schema.getMaximum()) {
            problems.add(path + ": " + number + " is above the maximum " + schema.getMaximum().longValue());
        }
    }
}
