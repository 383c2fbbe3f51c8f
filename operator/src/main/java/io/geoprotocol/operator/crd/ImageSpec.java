package io.geoprotocol.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;

/** Which hub image to run; the tag is the version that migrations are keyed on. */
public class ImageSpec {

    public static final String DEFAULT_REPOSITORY = "ghcr.io/geo-protocol/geo-hub";
    public static final String DEFAULT_TAG = "0.1.0";

    /** Kubernetes image pull policies. */
    public enum PullPolicy {
        @JsonProperty("Always")
        ALWAYS("Always"),
        @JsonProperty("IfNotPresent")
        IF_NOT_PRESENT("IfNotPresent"),
        @JsonProperty("Never")
        NEVER("Never");

        private final String value;

        PullPolicy(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    @Pattern("^[a-z0-9]([a-z0-9._/:-]*[a-z0-9])?$")
    @JsonPropertyDescription("Image repository without tag. Default: ghcr.io/geo-protocol/geo-hub.")
    private String repository = DEFAULT_REPOSITORY;

    @Pattern("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
    @JsonPropertyDescription("Image tag, reported as the hub version. A new tag runs the migration Job "
            + "before pods roll. Default: 0.1.0.")
    private String tag = DEFAULT_TAG;

    @JsonPropertyDescription("Image pull policy: Always, IfNotPresent or Never. Default: IfNotPresent.")
    private PullPolicy pullPolicy = PullPolicy.IF_NOT_PRESENT;

    @JsonPropertyDescription("Names of image pull Secrets in the GeoHub's namespace. Default: none.")
    private List<String> pullSecrets = new ArrayList<>();

    /** The full image reference, repository:tag. */
    public String reference() {
        return orDefault(repository, DEFAULT_REPOSITORY) + ":" + orDefault(tag, DEFAULT_TAG);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    public String getRepository() {
        return repository;
    }

    public void setRepository(String repository) {
        this.repository = repository;
    }

    public String getTag() {
        return tag;
    }

    public void setTag(String tag) {
        this.tag = tag;
    }

    public PullPolicy getPullPolicy() {
        return pullPolicy;
    }

    public void setPullPolicy(PullPolicy pullPolicy) {
        this.pullPolicy = pullPolicy;
    }

    public List<String> getPullSecrets() {
        return pullSecrets;
    }

    public void setPullSecrets(List<String> pullSecrets) {
        this.pullSecrets = pullSecrets;
    }
}
