package io.geoprotocol.hub.support;

import io.geoprotocol.hub.GeoHubApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** One hub replica in this JVM, on its own port, sharing a database (and Redis) with others. */
public final class HubReplica implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final int port;

    private HubReplica(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public static HubReplica start(String databaseUrl, Map<String, String> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put("DATABASE_URL", databaseUrl);
        props.put("JWT_SECRET", HubIntegrationTest.JWT_SECRET);
        props.put("ADMIN_TOKEN", HubIntegrationTest.ADMIN_TOKEN);
        props.put("DB_POOL_SIZE", "5");
        props.put("spring.jmx.enabled", "false");
        props.putAll(extra);
        SpringApplication app = new SpringApplicationBuilder(GeoHubApplication.class)
                .properties(props)
                .build();
        // Command-line arguments outrank application.yml, which pins the port to PORT or 8000.
        return new HubReplica(app.run("--server.port=0"));
    }

    public int port() {
        return port;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public WebTestClient client() {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(java.time.Duration.ofSeconds(30))
                .build();
    }

    @Override
    public void close() {
        context.close();
    }
}
