package io.datapipeline.cli.command;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"pipeline " + (v == null ? "development build" : v),
                "Java " + System.getProperty("java.version")};
    }
}
