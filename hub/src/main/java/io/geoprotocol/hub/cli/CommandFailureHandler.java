package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.config.InvalidSettingException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports a failed command as one line on stderr ({@code geo-hub migrate: error: ...}) instead of a
 * stack trace, and exits with 1 (2 for a configuration error). {@code DEBUG=true} adds the trace.
 */
final class CommandFailureHandler implements IExecutionExceptionHandler {

    static final int FAILED = 1;
    static final int BAD_CONFIGURATION = 2;

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": error: " + describe(failure));
        if (debug()) {
            failure.printStackTrace(command.getErr());
        }
        command.getErr().flush();
        return find(failure, InvalidSettingException.class) != null ? BAD_CONFIGURATION : FAILED;
    }

    /** The most useful single line: a setting problem as is, otherwise the first line of the cause. */
    static String describe(Throwable failure) {
        InvalidSettingException setting = find(failure, InvalidSettingException.class);
        if (setting != null) {
            return setting.getMessage();
        }

        String top = firstLine(failure);
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String rootLine = firstLine(root);
        if (root == failure || top.contains(rootLine)) {
            return top;
        }
        return top + " (" + rootLine + ")";
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static boolean debug() {
        String value = System.getenv("DEBUG");
        return value != null && value.trim().toLowerCase(Locale.ROOT).matches("true|1|yes|on");
    }
}
