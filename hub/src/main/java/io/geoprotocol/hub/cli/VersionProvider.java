package io.geoprotocol.hub.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar's manifest. */
class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"geo-hub " + (version != null ? version : "development build")};
    }
}
