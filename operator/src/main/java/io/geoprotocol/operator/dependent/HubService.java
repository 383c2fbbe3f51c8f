package io.geoprotocol.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.ServiceSpec;
import java.util.Objects;

/** The hub Service, which the Ingress and the ServiceMonitor both point at. */
public final class HubService {

    private HubService() {
    }

    public static Service desired(GeoHub hub) {
        ServiceSpec spec = Objects.requireNonNullElseGet(hub.getSpec().getService(), ServiceSpec::new);
        return new ServiceBuilder()
                .withMetadata(HubResources.metadata(hub, HubResources.hubName(hub), "hub"))
                .withNewSpec()
                    .withType(spec.getType() == null ? ServiceSpec.Type.CLUSTER_IP.value() : spec.getType().value())
                    .withSelector(HubResources.selectorLabels(hub))
                    .addNewPort()
                        .withName(HubResources.HUB_PORT_NAME)
                        .withPort(port(hub))
                        .withTargetPort(new IntOrString(HubResources.HUB_PORT_NAME))
                        .withProtocol("TCP")
                    .endPort()
                .endSpec()
                .build();
    }

    public static int port(GeoHub hub) {
        ServiceSpec spec = hub.getSpec().getService();
        return spec == null || spec.getPort() == null ? HubResources.HUB_PORT : spec.getPort();
    }

    /** The in-cluster URL reported in status.endpoints.service. */
    public static String url(GeoHub hub) {
        return "http://" + HubResources.hubName(hub) + "." + hub.getMetadata().getNamespace() + ".svc:" + port(hub);
    }
}
