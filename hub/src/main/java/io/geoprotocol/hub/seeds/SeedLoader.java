package io.geoprotocol.hub.seeds;

import io.geoprotocol.hub.crypto.DemoKeys;
import io.geoprotocol.hub.database.DatabaseUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads a community file (equivalents, demo participants, trust lines) in one transaction. Rows
 * that already exist are left alone, so loading twice changes nothing.
 */
public final class SeedLoader {

    public static final String DEFAULT_RESOURCE = "/seeds/demo-community.json";

    private SeedLoader() {
    }

    public record Summary(int equivalents, int participants, int trustLines) {
        @Override
        public String toString() {
            return "equivalents=" + equivalents + " participants=" + participants + " trust_lines=" + trustLines;
        }
    }

    public static Summary loadDefault(DatabaseUrl url) {
        try (InputStream in = SeedLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The demo community " + DEFAULT_RESOURCE + " is not in the jar");
            }
            return load(url, JsonMapper.builder().build().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Summary loadFile(DatabaseUrl url, Path file) {
        try {
            return load(url, JsonMapper.builder().build().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read seed file " + file, e);
        }
    }

    static Summary load(DatabaseUrl url, JsonNode community) {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
            c.setAutoCommit(false);
            try {
                int equivalents = insertEquivalents(c, community.path("equivalents"));
                Map<String, String> pids = new HashMap<>();
                int participants = insertParticipants(c, community.path("participants"), pids);
                int lines = insertTrustLines(c, community.path("trust_lines"), pids);
                c.commit();
                return new Summary(equivalents, participants, lines);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Loading the seed failed: " + e.getMessage(), e);
        }
    }

    private static int insertEquivalents(Connection c, JsonNode items) throws SQLException {
        String sql = "INSERT INTO equivalents (code, symbol, description, precision) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (code) DO NOTHING";
        int inserted = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (JsonNode e : items) {
                ps.setString(1, e.path("code").asString());
                ps.setString(2, e.path("symbol").asString(null));
                ps.setString(3, e.path("description").asString(null));
                ps.setInt(4, e.path("precision").asInt(2));
                inserted += ps.executeUpdate();
            }
        }
        return inserted;
    }

    private static int insertParticipants(Connection c, JsonNode items, Map<String, String> pids)
            throws SQLException {
        String sql = "INSERT INTO participants (pid, public_key, display_name, type) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING";
        int inserted = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (JsonNode p : items) {
                String keyName = p.path("key_name").asString();
                DemoKeys keys = DemoKeys.of(keyName);
                pids.put(keyName, keys.pid());

                ps.setString(1, keys.pid());
                ps.setString(2, keys.publicKeyBase64());
                ps.setString(3, p.path("display_name").asString(keyName));
                ps.setString(4, p.path("type").asString("person"));
                inserted += ps.executeUpdate();
            }
        }
        return inserted;
    }

    private static int insertTrustLines(Connection c, JsonNode items, Map<String, String> pids)
            throws SQLException {
        String sql = "INSERT INTO trust_lines (id, from_pid, to_pid, equivalent, credit_limit) "
                + "SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM trust_lines "
                + "WHERE from_pid = ? AND to_pid = ? AND equivalent = ? AND status <> 'closed')";
        int inserted = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (JsonNode line : items) {
                String from = pid(pids, line.path("from").asString());
                String to = pid(pids, line.path("to").asString());
                String equivalent = line.path("equivalent").asString();

                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, from);
                ps.setString(3, to);
                ps.setString(4, equivalent);
                ps.setBigDecimal(5, new BigDecimal(line.path("limit").asString()));
                ps.setString(6, from);
                ps.setString(7, to);
                ps.setString(8, equivalent);
                inserted += ps.executeUpdate();
            }
        }
        return inserted;
    }

    private static String pid(Map<String, String> pids, String keyName) {
        String pid = pids.get(keyName);
        if (pid == null) {
            throw new IllegalArgumentException("Trust line names unknown participant '" + keyName + "'");
        }
        return pid;
    }
}
