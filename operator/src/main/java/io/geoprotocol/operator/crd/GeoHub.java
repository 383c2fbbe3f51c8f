package io.geoprotocol.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One GEO hub: its workloads, configuration, migrations, backups and monitoring. */
@Group(GeoHub.GROUP)
@Version(GeoHub.VERSION)
@Kind("GeoHub")
@Plural("geohubs")
@Singular("geohub")
@ShortNames("geohub")
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Version",
        jsonPath = ".status.migratedVersion",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class GeoHub extends CustomResource<GeoHubSpec, GeoHubStatus> implements Namespaced {

    public static final String GROUP = "geoprotocol.io";
    public static final String VERSION = "v1alpha1";

    @Override
    protected GeoHubSpec initSpec() {
        return new GeoHubSpec();
    }
}
