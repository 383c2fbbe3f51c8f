package io.geoprotocol.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.geoprotocol.operator.crd.DatabaseSpec;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.GeoHubSpec;
import io.geoprotocol.operator.crd.SecretKeyRef;

/** Representative GeoHub resources for tests. */
public final class HubFixtures {

    public static final String NAMESPACE = "geo";
    public static final String DB_SECRET = "geo-db";

    private HubFixtures() {
    }

    /** The minimal hub of the docs: a database host and its credentials Secret, everything else default. */
    public static GeoHub minimal(String name) {
        GeoHub hub = new GeoHub();
        hub.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(NAMESPACE)
                .withUid("uid-" + name)
                .withGeneration(1L)
                .build());
        GeoHubSpec spec = new GeoHubSpec();
        DatabaseSpec db = new DatabaseSpec();
        db.setHost("postgres.geo.svc");
        db.setCredentials(new DatabaseSpec.Credentials(DB_SECRET));
        spec.setDatabase(db);
        hub.setSpec(spec);
        return hub;
    }

    /** A hub whose DATABASE_URL comes whole from a Secret. */
    public static GeoHub withUrlSecret(String name) {
        GeoHub hub = minimal(name);
        DatabaseSpec db = new DatabaseSpec();
        db.setUrlSecret(new SecretKeyRef("geo-db-url", null));
        hub.getSpec().setDatabase(db);
        return hub;
    }
}
