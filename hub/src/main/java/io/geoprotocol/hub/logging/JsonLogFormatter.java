package io.geoprotocol.hub.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLogFormatter;

/**
 * One JSON object per line for {@code LOG_FORMAT=json}: timestamp, level, logger, thread, message,
 * the request id, and, for the hub's own event lines ({@code event=… tx_id=… pid=…}), each
 * {@code key=value} lifted into a field of its own so log tools can filter on them.
 */
public class JsonLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

    /** A field: a lower-case key, then a bare token or a double-quoted string. */
    private static final Pattern FIELD = Pattern.compile("(?:^|\\s)([a-z][a-z0-9_]{0,40})=(\"[^\"]*\"|[^\\s]+)");

    /** Names the formatter writes itself; a message field of the same name does not replace them. */
    private static final Set<String> RESERVED = Set.of("timestamp", "level", "logger", "thread", "message",
            "exception", "request_id");

    private final JsonWriter<ILoggingEvent> writer = JsonWriter.<ILoggingEvent>of(members -> {
        members.add("timestamp", event -> Instant.ofEpochMilli(event.getTimeStamp()).toString());
        members.add("level", event -> event.getLevel().toString());
        members.add("logger", ILoggingEvent::getLoggerName);
        members.add("thread", ILoggingEvent::getThreadName);
        members.add("message", ILoggingEvent::getFormattedMessage);
        members.add("request_id", event -> event.getMDCPropertyMap().get("request_id")).whenHasLength();
        members.addMapEntries(event -> fields(event.getFormattedMessage()));
        members.add("exception", ILoggingEvent::getThrowableProxy).whenNotNull().as(JsonLogFormatter::stackTrace);
    }).withNewLineAtEnd();

    @Override
    public String format(ILoggingEvent event) {
        return writer.writeToString(event);
    }

    static Map<String, String> fields(String message) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (message == null || !message.startsWith("event=")) {
            return fields;
        }
        Matcher m = FIELD.matcher(message);
        while (m.find()) {
            String key = m.group(1);
            String value = m.group(2);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!RESERVED.contains(key)) {
                fields.putIfAbsent(key, value);
            }
        }
        return fields;
    }

    private static String stackTrace(IThrowableProxy proxy) {
        return ThrowableProxyUtil.asString(proxy);
    }
}
