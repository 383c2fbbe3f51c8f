package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.config.HubVersion;
import picocli.CommandLine.IVersionProvider;

/** The version the build recorded, as {@code /health} reports it. */
class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"geo-hub " + HubVersion.current()};
    }
}
