package io.geoprotocol.hub.database;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.geoprotocol.hub.config.InvalidSettingException;
import io.geoprotocol.hub.support.TestPostgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseLoginTest {

    @Test
    void anUnknownDatabaseStopsTheStartAtOnceNamingIt() {
        DatabaseUrl existing = TestPostgres.freshDatabase();
        DatabaseUrl missing = new DatabaseUrl(existing.host(), existing.port(), "no_such_database",
                existing.user(), existing.password(), Map.of());

        assertThatThrownBy(() -> DatabaseLogin.awaitReachable(missing))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("DATABASE_URL was refused by postgresql://")
                .hasMessageContaining("no_such_database")
                .hasMessageContaining("3D000");
    }

    @Test
    void anUnknownUserStopsTheStartAtOnce() {
        DatabaseUrl existing = TestPostgres.freshDatabase();
        DatabaseUrl stranger = new DatabaseUrl(existing.host(), existing.port(), existing.database(),
                "no_such_role", "x", Map.of());

        assertThatThrownBy(() -> DatabaseLogin.check(stranger))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("28000");
    }

    @Test
    void aTlsDemandTheServerCannotMeetIsNotWaitedFor() {
        DatabaseUrl existing = TestPostgres.freshDatabase();
        DatabaseUrl verifying = new DatabaseUrl(existing.host(), existing.port(), existing.database(),
                existing.user(), existing.password(),
                Map.of("sslmode", "verify-full", "sslrootcert", "/nonexistent/root.crt"));

        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> DatabaseLogin.awaitReachable(verifying))
                        .isInstanceOf(InvalidSettingException.class)
                        .hasMessageContaining("not retried"));
    }

    @Test
    void anUnreachableServerIsLeftToTheRetries() {
        DatabaseUrl nowhere = new DatabaseUrl("127.0.0.1", 1, "geo_hub", "geo", "x", Map.of());

        assertThatCode(() -> DatabaseLogin.check(nowhere)).doesNotThrowAnyException();
    }

    @Test
    void aReachableDatabaseWithAValidLoginPasses() {
        assertThatCode(() -> DatabaseLogin.awaitReachable(TestPostgres.freshDatabase())).doesNotThrowAnyException();
    }
}
