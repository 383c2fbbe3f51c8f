package io.geoprotocol.hub.database;

import io.geoprotocol.hub.config.InvalidSettingException;
import java.io.FileNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs in to the database once, before anything else uses it. A server that answers but refuses
 * the login, does not know the database, or whose TLS setup cannot work will refuse it just the
 * same minutes later, so that stops the start at once naming the reason; an unreachable server
 * is waited for ({@link #awaitReachable}).
 */
public final class DatabaseLogin {

    /**
     * invalid_password, invalid_authorization_specification, invalid_catalog_name, and the
     * driver's connection_rejected (the server does not offer the TLS that sslmode demands).
     */
    private static final Set<String> PERMANENT = Set.of("28P01", "28000", "3D000", "08004");

    /** About eight minutes in all: 1, 2, 4 … seconds, at most two minutes apart. */
    static final int ATTEMPTS = 11;
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(2);

    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private static final Logger log = LoggerFactory.getLogger(DatabaseLogin.class);

    private DatabaseLogin() {
    }

    /** One attempt: the last error when the server could not be reached, null when logged in. */
    static SQLException attempt(DatabaseUrl url) {
        try (Connection ignored = DriverManager.getConnection(url.jdbcUrl(), properties(url))) {
            log.debug("event=database_login_checked database={}", url.describe());
            return null;
        } catch (SQLException e) {
            if (permanent(e)) {
                throw new InvalidSettingException("DATABASE_URL", "was refused by " + url.describe() + ": "
                        + firstLine(e.getMessage()) + " (SQLSTATE " + e.getSQLState()
                        + "; not retried, fix the URL or the database)");
            }
            return e;
        }
    }

    /** As {@link #attempt}, logging an unreachable server and leaving the wait to the caller. */
    static void check(DatabaseUrl url) {
        SQLException unreachable = attempt(url);
        if (unreachable != null) {
            log.warn("event=database_unreachable database={} sqlstate={} error=\"{}\" retrying=true",
                    url.describe(), unreachable.getSQLState(), firstLine(unreachable.getMessage()));
        }
    }

    /**
     * Waits, in the calling thread and before any framework holds a lock, until the server takes
     * the login: a stop signal meanwhile ends the process at once. Gives up after {@link #ATTEMPTS}.
     */
    public static void awaitReachable(DatabaseUrl url) {
        Duration wait = FIRST_WAIT;
        for (int attempt = 1; ; attempt++) {
            SQLException unreachable = attempt(url);
            if (unreachable == null) {
                return;
            }
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException("database " + url.describe() + " unreachable after " + ATTEMPTS
                        + " attempts: " + firstLine(unreachable.getMessage()));
            }

            log.warn("event=database_unreachable database={} attempt={} retry_in_seconds={} sqlstate={} "
                    + "error=\"{}\"", url.describe(), attempt, wait.toSeconds(), unreachable.getSQLState(),
                    firstLine(unreachable.getMessage()));
            sleep(wait);
            wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
        }
    }

    private static boolean permanent(SQLException e) {
        if (e.getSQLState() != null && PERMANENT.contains(e.getSQLState())) {
            return true;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            // A missing certificate file or a certificate the client rejects does not heal by waiting.
            if (cause instanceof FileNotFoundException || cause instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    private static Properties properties(DatabaseUrl url) {
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
        return properties;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }
}
