package io.geoprotocol.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Optional Redis; without it each hub replica keeps rate limits and events to itself. */
@ValidationRule(
        value = "!(has(self.url) && has(self.urlSecret))",
        message = "set at most one of redis.url or redis.urlSecret")
public class RedisSpec {

    public static final String DEFAULT_URL_KEY = "REDIS_URL";

    @JsonPropertyDescription("Use Redis (REDIS_ENABLED). Needs url or urlSecret. Default: false.")
    private Boolean enabled = false;

    @Pattern("^rediss?://.+$")
    @JsonPropertyDescription("Redis URL without a password, e.g. redis://redis:6379/0. Default: none.")
    private String url;

    @JsonPropertyDescription("Secret key holding the Redis URL (use this when it carries a password). "
            + "Key default: REDIS_URL.")
    private SecretKeyRef urlSecret;

    public boolean active() {
        return Boolean.TRUE.equals(enabled);
    }

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public SecretKeyRef getUrlSecret() {
        return urlSecret;
    }

    public void setUrlSecret(SecretKeyRef urlSecret) {
        this.urlSecret = urlSecret;
    }
}
