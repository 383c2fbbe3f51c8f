package io.geoprotocol.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the GeoHub's namespace. */
public class SecretKeyRef {

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @JsonPropertyDescription("Secret name, in the GeoHub's namespace. Required.")
    private String name;

    @JsonPropertyDescription("Key inside the Secret. Default depends on the field (see its description).")
    private String key;

    public SecretKeyRef() {
    }

    public SecretKeyRef(String name, String key) {
        this.name = name;
        this.key = key;
    }

    /** The key, or the given default when none was set. */
    public String keyOr(String fallback) {
        return key == null || key.isBlank() ? fallback : key;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
