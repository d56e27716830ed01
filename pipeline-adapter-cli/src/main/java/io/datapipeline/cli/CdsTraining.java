package io.datapipeline.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads (without initialising) the classes of the jar's own code and of the libraries every database command
 * uses, so that a JVM started with {@code -XX:ArchiveClassesAtExit} records them in its class-data-sharing
 * archive. No class is initialised: no static block runs, nothing connects anywhere.
 */
final class CdsTraining {

    private static final List<String> PREFIXES = List.of("io/datapipeline/", "org/postgresql/",
            "com/fasterxml/jackson/core/", "com/fasterxml/jackson/databind/", "org/apache/commons/csv/",
            "org/slf4j/", "com/zaxxer/hikari/", "picocli/");

    private CdsTraining() {
    }

    /** Returns how many classes were loaded, or -1 when not running from a jar. */
    static int loadApplicationClasses(Class<?> anchor) {
        Path jar;
        try {
            jar = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return -1;
        }
        if (!Files.isRegularFile(jar)) {
            return -1;
        }
        int loaded = 0;
        ClassLoader loader = anchor.getClassLoader();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.contains("-")
                        || PREFIXES.stream().noneMatch(name::startsWith)) {
                    continue;
                }
                try {
                    Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError skipped) {
                    // optional dependencies of a library (e.g. OSGi, Kerberos, waffle in pgjdbc) are not shipped
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return loaded;
    }
}
