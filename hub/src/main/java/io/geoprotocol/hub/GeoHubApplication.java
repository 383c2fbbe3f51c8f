package io.geoprotocol.hub;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The hub server: WebFlux on PostgreSQL through R2DBC. Started by {@link GeoHubLauncher}. */
@SpringBootApplication
@EnableScheduling
public class GeoHubApplication {
}
