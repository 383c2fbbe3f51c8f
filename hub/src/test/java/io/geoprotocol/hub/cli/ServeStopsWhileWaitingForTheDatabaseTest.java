package io.geoprotocol.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.GeoHubLauncher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A hub waiting for its database must still stop on SIGTERM, as systemd and Kubernetes send. */
class ServeStopsWhileWaitingForTheDatabaseTest {

    @Test
    void sigtermEndsAServerThatIsWaitingForAnUnreachableDatabase() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                GeoHubLauncher.class.getName())
                .redirectErrorStream(true);
        builder.environment().put("DATABASE_URL", "postgresql://geo:secret@127.0.0.1:1/geo_hub");
        builder.environment().put("JWT_SECRET", "0123456789abcdef0123456789abcdef-strong");
        builder.environment().put("ADMIN_TOKEN", "admin-0123456789abcdef");
        builder.environment().put("PORT", "0");
        Process hub = builder.start();
        try {
            var output = new BufferedReader(new InputStreamReader(hub.getInputStream(), StandardCharsets.UTF_8));
            String line;
            boolean waiting = false;
            while (!waiting && (line = output.readLine()) != null) {
                waiting = line.contains("event=database_unreachable");
            }
            assertThat(waiting).as("the hub logged that it waits for the database").isTrue();

            hub.destroy();

            assertThat(hub.waitFor(15, TimeUnit.SECONDS)).as("stopped within 15 s of SIGTERM").isTrue();
            assertThat(hub.exitValue()).isEqualTo(143);
        } finally {
            hub.destroyForcibly();
        }
    }
}
