package io.geoprotocol.hub.config;

/** A configuration value the hub refuses to start with; the message says what to set. */
public class InvalidSettingException extends RuntimeException {

    public InvalidSettingException(String key, String problem) {
        super(key + " " + problem);
    }

    public InvalidSettingException(String message) {
        super(message);
    }
}
