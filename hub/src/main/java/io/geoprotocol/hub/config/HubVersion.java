package io.geoprotocol.hub.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The hub's version, from the build's {@code META-INF/build-info.properties}: present in the jar
 * and in the images alike (which run from classes, without the jar's manifest).
 */
public final class HubVersion {

    private static final String UNKNOWN = "development build";

    private static final String VERSION = read();

    private HubVersion() {
    }

    public static String current() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = HubVersion.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("build.version", UNKNOWN);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read META-INF/build-info.properties", e);
        }
    }
}
