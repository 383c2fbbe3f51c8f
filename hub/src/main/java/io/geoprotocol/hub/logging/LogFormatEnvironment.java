package io.geoprotocol.hub.logging;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code LOG_FORMAT} into Spring Boot's structured console logging before the logging
 * system starts: {@code json} is the hub's own line format, {@code ecs} and {@code logstash} are
 * Spring Boot's; anything else (or unset) keeps readable text.
 */
public class LogFormatEnvironment implements EnvironmentPostProcessor {

    static final String PROPERTY = "logging.structured.format.console";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format = environment.getProperty("LOG_FORMAT", "text").trim().toLowerCase(Locale.ROOT);
        String structured = switch (format) {
            case "json" -> JsonLogFormatter.class.getName();
            case "ecs", "logstash", "gelf" -> format;
            default -> null;
        };
        if (structured != null && !environment.containsProperty(PROPERTY)) {
            environment.getPropertySources().addFirst(
                    new MapPropertySource("geoLogFormat", Map.of(PROPERTY, structured)));
        }
    }
}
