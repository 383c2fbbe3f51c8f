package io.geoprotocol.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** PostgreSQL connection. The operator never creates, changes or drops the database itself. */
@ValidationRule(
        value = "has(self.host) != has(self.urlSecret)",
        message = "set exactly one of database.host (with credentials) or database.urlSecret")
@ValidationRule(
        value = "!has(self.host) || has(self.credentials)",
        message = "database.host needs database.credentials (a Secret with user and password)")
public class DatabaseSpec {

    public static final String DEFAULT_URL_KEY = "DATABASE_URL";

    /** libpq sslmode values. */
    public enum SslMode {
        @JsonProperty("disable")
        DISABLE("disable"),
        @JsonProperty("allow")
        ALLOW("allow"),
        @JsonProperty("prefer")
        PREFER("prefer"),
        @JsonProperty("require")
        REQUIRE("require"),
        @JsonProperty("verify-ca")
        VERIFY_CA("verify-ca"),
        @JsonProperty("verify-full")
        VERIFY_FULL("verify-full");

        private final String value;

        SslMode(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** A Secret holding the database user and password. */
    public static class Credentials {

        public static final String DEFAULT_USER_KEY = "username";
        public static final String DEFAULT_PASSWORD_KEY = "password";

        @Required
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @JsonPropertyDescription("Secret name, in the GeoHub's namespace. Required.")
        private String secretName;

        @JsonPropertyDescription("Key holding the user name. Default: username.")
        private String userKey = DEFAULT_USER_KEY;

        @JsonPropertyDescription("Key holding the password. Default: password.")
        private String passwordKey = DEFAULT_PASSWORD_KEY;

        public Credentials() {
        }

        public Credentials(String secretName) {
            this.secretName = secretName;
        }

        public String getSecretName() {
            return secretName;
        }

        public void setSecretName(String secretName) {
            this.secretName = secretName;
        }

        public String getUserKey() {
            return userKey;
        }

        public void setUserKey(String userKey) {
            this.userKey = userKey;
        }

        public String getPasswordKey() {
            return passwordKey;
        }

        public void setPasswordKey(String passwordKey) {
            this.passwordKey = passwordKey;
        }
    }

    @JsonPropertyDescription("Database host name. Exactly one of host or urlSecret must be set.")
    private String host;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Database port. Default: 5432.")
    private Integer port = 5432;

    @Pattern("^[A-Za-z0-9_-]{1,63}$")
    @JsonPropertyDescription("Database name. Default: geo_hub.")
    private String name = "geo_hub";

    @JsonPropertyDescription("Secret with user and password, used with host. Required when host is set.")
    private Credentials credentials;

    @JsonPropertyDescription("libpq sslmode: disable, allow, prefer, require, verify-ca, verify-full. "
            + "Default: prefer.")
    private SslMode sslMode = SslMode.PREFER;

    @JsonPropertyDescription("Secret key holding a full DATABASE_URL (postgresql://user:pass@host:5432/db), "
            + "instead of host/credentials. Key default: DATABASE_URL.")
    private SecretKeyRef urlSecret;

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Credentials getCredentials() {
        return credentials;
    }

    public void setCredentials(Credentials credentials) {
        this.credentials = credentials;
    }

    public SslMode getSslMode() {
        return sslMode;
    }

    public void setSslMode(SslMode sslMode) {
        this.sslMode = sslMode;
    }

    public SecretKeyRef getUrlSecret() {
        return urlSecret;
    }

    public void setUrlSecret(SecretKeyRef urlSecret) {
        this.urlSecret = urlSecret;
    }
}
