package io.geoprotocol.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** An Ingress for the hub, with long read timeouts so WebSocket connections survive. */
@ValidationRule(
        value = "!(has(self.enabled) && self.enabled) || has(self.host)",
        message = "ingress.enabled needs ingress.host")
public class IngressSpec {

    @JsonPropertyDescription("Create the Ingress. Needs host. Default: false.")
    private Boolean enabled = false;

    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @JsonPropertyDescription("Public host name, e.g. hub.example.com. Required when enabled.")
    private String host;

    @JsonPropertyDescription("IngressClass name. Default: the cluster's default class.")
    private String className;

    @JsonPropertyDescription("TLS Secret for host; without it the Ingress serves plain HTTP. Default: none.")
    private String tlsSecret;

    @JsonPropertyDescription("Extra Ingress annotations; they override the operator's nginx WebSocket "
            + "annotations with the same key. Default: none.")
    private Map<String, String> annotations = new LinkedHashMap<>();

    public boolean active() {
        return Boolean.TRUE.equals(enabled);
    }

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public String getClassName() {
        return className;
    }

    public void setClassName(String className) {
        this.className = className;
    }

    public String getTlsSecret() {
        return tlsSecret;
    }

    public void setTlsSecret(String tlsSecret) {
        this.tlsSecret = tlsSecret;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }
}
