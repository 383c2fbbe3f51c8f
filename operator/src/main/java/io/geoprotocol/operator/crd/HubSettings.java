package io.geoprotocol.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The hub's own settings, one typed field per environment variable of the deployment document. */
public class HubSettings {

    /**
     * Hub log levels. WARNING is the deployment document's spelling; the hub (Spring Boot) only
     * knows WARN, so WARNING is passed on as WARN instead of stopping the hub at startup.
     */
    public enum LogLevel {
        @JsonProperty("TRACE")
        TRACE("TRACE"),
        @JsonProperty("DEBUG")
        DEBUG("DEBUG"),
        @JsonProperty("INFO")
        INFO("INFO"),
        @JsonProperty("WARN")
        WARN("WARN"),
        @JsonProperty("WARNING")
        WARNING("WARN"),
        @JsonProperty("ERROR")
        ERROR("ERROR");

        private final String hubValue;

        LogLevel(String hubValue) {
            this.hubValue = hubValue;
        }

        /** The value of LOG_LEVEL the hub accepts. */
        public String hubValue() {
            return hubValue;
        }
    }

    // The hub refuses to start outside 1-10, so the schema must not let more through.
    @Min(1)
    @Max(10)
    @JsonPropertyDescription("MAX_PAYMENT_HOPS: longest payment path. Default: 6.")
    private Integer maxPaymentHops = 6;

    @Min(3)
    @Max(10)
    @JsonPropertyDescription("MAX_CLEARING_CYCLE_LENGTH: longest debt cycle cleared. Default: 6.")
    private Integer maxClearingCycleLength = 6;

    @Min(1)
    @Max(600)
    @JsonPropertyDescription("PAYMENT_TIMEOUT_SECONDS: a payment aborts after this. Default: 30.")
    private Integer paymentTimeoutSeconds = 30;

    @Min(1)
    @Max(100000)
    @JsonPropertyDescription("RATE_LIMIT_PER_MINUTE: requests per client per minute. Default: 100.")
    private Integer rateLimitPerMinute = 100;

    @Min(0)
    @Max(86400)
    @JsonPropertyDescription("CLEARING_INTERVAL_SECONDS: in-process clearing period; 0 leaves clearing to the "
            + "clearing CronJob alone. Default: 300.")
    private Integer clearingIntervalSeconds = 300;

    @Min(5)
    @Max(3600)
    @JsonPropertyDescription("CLEANUP_EXPIRED_LOCKS_SECONDS: stale reservation sweep period. Default: 60.")
    private Integer cleanupExpiredLocksSeconds = 60;

    @JsonPropertyDescription("LOG_LEVEL: TRACE, DEBUG, INFO, WARN (or WARNING) or ERROR. Default: INFO.")
    private LogLevel logLevel = LogLevel.INFO;

    @JsonPropertyDescription("DEBUG: development mode; never in production. Default: false.")
    private Boolean debug = false;

    @Min(1)
    @Max(1440)
    @JsonPropertyDescription("JWT_ACCESS_TOKEN_EXPIRE_MINUTES: access token lifetime. Default: 15.")
    private Integer jwtAccessTokenExpireMinutes = 15;

    @Min(1)
    @Max(365)
    @JsonPropertyDescription("JWT_REFRESH_TOKEN_EXPIRE_DAYS: refresh token lifetime. Default: 7.")
    private Integer jwtRefreshTokenExpireDays = 7;

    public Integer getMaxPaymentHops() {
        return maxPaymentHops;
    }

    public void setMaxPaymentHops(Integer maxPaymentHops) {
        this.maxPaymentHops = maxPaymentHops;
    }

    public Integer getMaxClearingCycleLength() {
        return maxClearingCycleLength;
    }

    public void setMaxClearingCycleLength(Integer maxClearingCycleLength) {
        this.maxClearingCycleLength = maxClearingCycleLength;
    }

    public Integer getPaymentTimeoutSeconds() {
        return paymentTimeoutSeconds;
    }

    public void setPaymentTimeoutSeconds(Integer paymentTimeoutSeconds) {
        this.paymentTimeoutSeconds = paymentTimeoutSeconds;
    }

    public Integer getRateLimitPerMinute() {
        return rateLimitPerMinute;
    }

    public void setRateLimitPerMinute(Integer rateLimitPerMinute) {
        this.rateLimitPerMinute = rateLimitPerMinute;
    }

    public Integer getClearingIntervalSeconds() {
        return clearingIntervalSeconds;
    }

    public void setClearingIntervalSeconds(Integer clearingIntervalSeconds) {
        this.clearingIntervalSeconds = clearingIntervalSeconds;
    }

    public Integer getCleanupExpiredLocksSeconds() {
        return cleanupExpiredLocksSeconds;
    }

    public void setCleanupExpiredLocksSeconds(Integer cleanupExpiredLocksSeconds) {
        this.cleanupExpiredLocksSeconds = cleanupExpiredLocksSeconds;
    }

    public LogLevel getLogLevel() {
        return logLevel;
    }

    public void setLogLevel(LogLevel logLevel) {
        this.logLevel = logLevel;
    }

    public Boolean getDebug() {
        return debug;
    }

    public void setDebug(Boolean debug) {
        this.debug = debug;
    }

    public Integer getJwtAccessTokenExpireMinutes() {
        return jwtAccessTokenExpireMinutes;
    }

    public void setJwtAccessTokenExpireMinutes(Integer jwtAccessTokenExpireMinutes) {
        this.jwtAccessTokenExpireMinutes = jwtAccessTokenExpireMinutes;
    }

    public Integer getJwtRefreshTokenExpireDays() {
        return jwtRefreshTokenExpireDays;
    }

    public void setJwtRefreshTokenExpireDays(Integer jwtRefreshTokenExpireDays) {
        this.jwtRefreshTokenExpireDays = jwtRefreshTokenExpireDays;
    }
}
