package io.geoprotocol.hub.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a refused setting into Spring Boot's short "APPLICATION FAILED TO START" report (what is
 * wrong, what to set) instead of a stack dump of bean creation.
 */
public class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
        return new FailureAnalysis(
                "The hub's configuration was refused: " + cause.getMessage(),
                "Fix the environment variable named above and start again. Every variable, its default "
                        + "and the dev-mode rules are listed in docs/configuration.md.",
                cause);
    }
}
