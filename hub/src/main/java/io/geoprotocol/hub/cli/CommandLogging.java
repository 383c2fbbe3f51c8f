package io.geoprotocol.hub.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.List;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * Logging of the maintenance commands: their report (or export) is standard output, so that
 * {@code geo-hub export-participant ... > file.json} holds nothing else; every log line goes to
 * standard error. The server configures its own logging through Spring Boot and never uses this.
 */
final class CommandLogging {

    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5level %logger{36} - %msg%n";

    /** Chatty at INFO (the embedded database echoes its server log) and summed up by the command. */
    private static final List<String> QUIET = List.of("io.zonky", "org.flywaydb");

    /** They print SQL parameters or credentials below INFO, so LOG_LEVEL never lowers them (as in serve). */
    private static final List<String> NEVER_BELOW_INFO = List.of("org.springframework.r2dbc", "io.r2dbc",
            "reactor.netty", "io.netty", "io.lettuce");

    private CommandLogging() {
    }

    static void toStandardError(Function<String, String> environment) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(environment.apply("LOG_LEVEL"), Level.INFO));
        root.addAppender(appender);
        QUIET.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
        NEVER_BELOW_INFO.forEach(name -> context.getLogger(name).setLevel(
                root.getLevel().isGreaterOrEqual(Level.INFO) ? null : Level.INFO));
    }
}
