package io.geoprotocol.hub.database;

import io.geoprotocol.hub.config.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL location parsed from {@code DATABASE_URL}. Accepts the deployment document's
 * {@code postgresql+asyncpg://user:pass@host:5432/db} form, plain {@code postgresql://} and
 * {@code postgres://}, with percent-encoded credentials and query options such as sslmode.
 */
public record DatabaseUrl(
        String host, int port, String database, String user, String password, Map<String, String> options) {

    private static final List<String> SSL_MODES =
            List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public static DatabaseUrl parse(String raw) {
        String value = raw.trim();
        int schemeEnd = value.indexOf("://");
        if (schemeEnd < 0) {
            throw invalid("has no scheme; expected postgresql://user:password@host:5432/database");
        }

        String scheme = value.substring(0, schemeEnd).toLowerCase();
        if (!scheme.equals("postgresql") && !scheme.equals("postgres") && !scheme.startsWith("postgresql+")) {
            throw invalid("has scheme '" + scheme + "'; expected postgresql://, postgres:// or postgresql+asyncpg://");
        }

        URI uri;
        try {
            uri = new URI("postgresql" + value.substring(schemeEnd));
        } catch (URISyntaxException e) {
            throw invalid("is not a valid URL (" + e.getReason() + ")");
        }
        if (uri.getHost() == null) {
            throw invalid("has no host");
        }

        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (database.isEmpty()) {
            throw invalid("has no database name");
        }

        String user = "postgres";
        String password = "";
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }

        Map<String, String> options = queryOptions(uri.getRawQuery());
        String sslMode = options.get("sslmode");
        if (sslMode != null && !SSL_MODES.contains(sslMode)) {
            throw invalid("has sslmode '" + sslMode + "'; expected one of " + String.join(", ", SSL_MODES));
        }
        return new DatabaseUrl(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, decode(database),
                user, password, options);
    }

    /** The JDBC URL for Flyway and maintenance commands; credentials travel separately. */
    public String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port)
                .append('/').append(database);
        String sslMode = options.get("sslmode");
        if (sslMode != null) {
            url.append("?sslmode=").append(sslMode);
        }
        return url.toString();
    }

    /** Safe for logs: never carries the password. */
    public String describe() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    private static Map<String, String> queryOptions(String rawQuery) {
        Map<String, String> options = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return options;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                options.put(decode(pair.substring(0, eq)).toLowerCase(), decode(pair.substring(eq + 1)));
            }
        }
        return options;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static InvalidSettingException invalid(String problem) {
        return new InvalidSettingException("DATABASE_URL", problem);
    }
}
