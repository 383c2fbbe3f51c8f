package io.geoprotocol.operator.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.IngressSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An Ingress to the hub Service, tuned so nginx keeps WebSocket connections open. */
public final class HubIngress {

    /** ingress-nginx settings for long-lived WebSocket connections; other controllers ignore them. */
    static final Map<String, String> WEBSOCKET_ANNOTATIONS = Map.of(
            "nginx.ingress.kubernetes.io/proxy-read-timeout", "86400",
            "nginx.ingress.kubernetes.io/proxy-send-timeout", "86400",
            "nginx.ingress.kubernetes.io/proxy-http-version", "1.1",
            "nginx.ingress.kubernetes.io/proxy-buffering", "off");

    private HubIngress() {
    }

    public static Ingress desired(GeoHub hub) {
        IngressSpec spec = hub.getSpec().getIngress();
        Map<String, String> annotations = new TreeMap<>(WEBSOCKET_ANNOTATIONS);
        if (spec.getAnnotations() != null) {
            annotations.putAll(spec.getAnnotations());
        }
        List<IngressTLS> tls = spec.getTlsSecret() == null ? List.of()
                : List.of(new IngressTLSBuilder()
                        .withHosts(spec.getHost())
                        .withSecretName(spec.getTlsSecret())
                        .build());

        return new IngressBuilder()
                .withMetadata(HubResources.metadata(hub, HubResources.hubName(hub), "hub"))
                .editMetadata().withAnnotations(annotations).endMetadata()
                .withNewSpec()
                    .withIngressClassName(spec.getClassName())
                    .withTls(tls)
                    .addNewRule()
                        .withHost(spec.getHost())
                        .withNewHttp()
                            .addNewPath()
                                .withPath("/")
                                .withPathType("Prefix")
                                .withNewBackend()
                                    .withNewService()
                                        .withName(HubResources.hubName(hub))
                                        .withNewPort().withNumber(HubService.port(hub)).endPort()
                                    .endService()
                                .endBackend()
                            .endPath()
                        .endHttp()
                    .endRule()
                .endSpec()
                .build();
    }

    /** The public URL reported in status.endpoints.ingress. */
    public static String url(GeoHub hub) {
        IngressSpec spec = hub.getSpec().getIngress();
        return (spec.getTlsSecret() == null ? "http://" : "https://") + spec.getHost();
    }
}
