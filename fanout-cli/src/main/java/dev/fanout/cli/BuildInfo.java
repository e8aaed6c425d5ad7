package dev.fanout.cli;

import dev.fanout.core.text.SafeText;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * What this build of fanout is: the project version (the one in the parent pom, {@code ${revision}}), the git
 * commit it was built from and that commit's date, as the build wrote them into {@code build.properties}
(src/build/build-info.sh). Also
 * picocli's version provider, so {@code fanout -V} prints it with the Java runtime it runs on. Immutable.
 *
 * @param version the Maven project version, {@code 0.2.0} for a release, {@code 0.2.0-SNAPSHOT} otherwise
 * @param commit  the commit's abbreviated id, {@code unknown} when the build was not made in a git checkout
 * @param date    the commit's date (yyyy-mm-dd, UTC), empty when unknown
 * @param dirty   whether the checkout had changes not committed
 */
record BuildInfo(String version, String commit, String date, boolean dirty) {
    static final String UNKNOWN = "unknown";
    private static final String RESOURCE = "build.properties";

    /** This build's, read once from the class path. */
    static BuildInfo current() {
        return Holder.CURRENT;
    }

    /** Reads the values the build wrote; outside a git checkout it wrote no commit. */
    static BuildInfo of(Properties properties) {
        String version = known(properties.getProperty("version"));
        String commit = known(properties.getProperty("commit"));
        return new BuildInfo(version.isEmpty() ? UNKNOWN : version, commit.isEmpty() ? UNKNOWN : commit,
                commit.isEmpty() ? "" : known(properties.getProperty("commit.date")),
                !commit.isEmpty() && known(properties.getProperty("commit.dirty")).equals("true"));
    }

    private static String known(String value) {
        return value == null ? "" : value.strip();
    }

    /**
     * The lines of {@code fanout -V}: {@code fanout 0.2.0 (commit 1a2b3c4d5e6f, 2026-11-30)}, the commit marked
     * {@code -dirty} when the checkout had uncommitted changes, then the runtime, as {@code Java 25.0.3+9-LTS
     * (Eclipse Adoptium) at /opt/fanout/runtime}.
     */
    List<String> versionLines(Runtime.Version runtime, String vendor, String javaHome) {
        String built = commit.equals(UNKNOWN) ? "commit unknown"
                : "commit " + commit + (dirty ? "-dirty" : "") + (date.isEmpty() ? "" : ", " + date);
        return List.of(SafeText.of("fanout " + version + " (" + built + ")"),
                SafeText.of("Java " + runtime + " (" + vendor + ") at " + javaHome));
    }

    /** Lazily loads {@link #current()}. */
    private static final class Holder {
        static final BuildInfo CURRENT = load();

        private static BuildInfo load() {
            Properties properties = new Properties();
            try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE + " from the fanout jar", e);
            }
            return of(properties);
        }
    }

    /** picocli's {@code -V}: this build and the runtime. Stateless. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return current().versionLines(Runtime.version(), System.getProperty("java.vendor", UNKNOWN),
                    System.getProperty("java.home", UNKNOWN)).toArray(String[]::new);
        }
    }
}
