package io.geoprotocol.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The hub Service. */
public class ServiceSpec {

    /** Service types the hub supports. */
    public enum Type {
        @JsonProperty("ClusterIP")
        CLUSTER_IP("ClusterIP"),
        @JsonProperty("NodePort")
        NODE_PORT("NodePort"),
        @JsonProperty("LoadBalancer")
        LOAD_BALANCER("LoadBalancer");

        private final String value;

        Type(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    @JsonPropertyDescription("Service type: ClusterIP, NodePort or LoadBalancer. Default: ClusterIP.")
    private Type type = Type.CLUSTER_IP;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Service port; it always targets container port 8000. Default: 8000.")
    private Integer port = 8000;

    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }
}
