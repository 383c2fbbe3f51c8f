package io.geoprotocol.hub.database;

import io.geoprotocol.hub.config.InvalidSettingException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection attempt before the start's retries: a server that answers but refuses the
 * login or does not know the database will refuse it just the same eight minutes later, so the
 * hub stops at once naming the reason. An unreachable server is left to the retries.
 */
final class RefusedLogin {

    /** invalid_password, invalid_authorization_specification, invalid_catalog_name. */
    private static final Set<String> PERMANENT = Set.of("28P01", "28000", "3D000");

    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private static final Logger log = LoggerFactory.getLogger(RefusedLogin.class);

    private RefusedLogin() {
    }

    static void check(DatabaseUrl url) {
        Properties properties = new Properties();
        properties.setProperty("user", url.user());
        properties.setProperty("password", url.password());
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        url.options().forEach((key, value) -> {
            if (key.startsWith("ssl")) {
                properties.setProperty(key, value);
            }
        });

        try (Connection ignored = DriverManager.getConnection(url.jdbcUrl(), properties)) {
            log.debug("event=database_login_checked database={}", url.describe());
        } catch (SQLException e) {
            if (e.getSQLState() != null && PERMANENT.contains(e.getSQLState())) {
                throw new InvalidSettingException("DATABASE_URL", "was refused by " + url.describe() + ": "
                        + firstLine(e.getMessage()) + " (SQLSTATE " + e.getSQLState()
                        + "; not retried, fix the URL or the database)");
            }
            log.warn("event=database_unreachable database={} sqlstate={} error=\"{}\" retrying=true",
                    url.describe(), e.getSQLState(), firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }
}
