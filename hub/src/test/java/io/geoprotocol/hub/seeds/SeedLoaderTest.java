package io.geoprotocol.hub.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.crypto.DemoKeys;
import io.geoprotocol.hub.database.DatabaseUrl;
import io.geoprotocol.hub.database.Migrations;
import io.geoprotocol.hub.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedLoaderTest {

    private static final List<String> DEMO = List.of("alice", "bob", "carol", "dave", "bakery", "solar-coop");

    @Test
    void loadingTwiceChangesNothing() throws SQLException {
        DatabaseUrl url = TestPostgres.freshDatabase();
        Migrations.apply(url);

        SeedLoader.Summary first = SeedLoader.loadDefault(url);
        Map<String, Long> countsAfterFirst = counts(url);
        SeedLoader.Summary second = SeedLoader.loadDefault(url);

        assertThat(first.equivalents()).isEqualTo(3);
        assertThat(first.participants()).isEqualTo(DEMO.size());
        assertThat(first.trustLines()).isEqualTo(13);
        assertThat(second).isEqualTo(new SeedLoader.Summary(0, 0, 0));
        assertThat(counts(url)).isEqualTo(countsAfterFirst);
    }

    @Test
    void demoParticipantsHaveTheirDocumentedKeys() throws SQLException {
        DatabaseUrl url = TestPostgres.freshDatabase();
        Migrations.apply(url);
        SeedLoader.loadDefault(url);

        Map<String, String> keysByPid = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pid, public_key FROM participants")) {
            while (rs.next()) {
                keysByPid.put(rs.getString(1), rs.getString(2));
            }
        }
        for (String name : DEMO) {
            DemoKeys keys = DemoKeys.of(name);
            assertThat(keysByPid).containsEntry(keys.pid(), keys.publicKeyBase64());
        }
    }

    private static Map<String, Long> counts(DatabaseUrl url) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                Statement s = c.createStatement()) {
            for (String table : List.of("equivalents", "participants", "trust_lines", "debts")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
