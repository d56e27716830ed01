package io.datapipeline.vectoradmin;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.vector.VectorTables;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File names of a backup set: {@code <table>_<ts>.csv} (the original's), {@code manifest_<ts>.json},
 * {@code vector_backup_log_<ts>.txt}; and the reservation that keeps two sets from sharing a stamp.
 */
final class BackupFileNames {

    static final String LEGACY_LOG = "vector_backup_log.txt";
    private static final Pattern STAMP = Pattern.compile("_(\\d{8}_\\d{6})\\.(csv|json|txt)$");

    private final VectorTables tables;

    BackupFileNames(VectorTables tables) {
        this.tables = tables;
    }

    String csv(TableName table, BackupTimestamp ts) {
        return VectorTables.fileStem(table) + "_" + ts.value() + ".csv";
    }

    String manifest(BackupTimestamp ts) {
        return "manifest_" + ts.value() + ".json";
    }

    String log(BackupTimestamp ts) {
        return "vector_backup_log_" + ts.value() + ".txt";
    }

    /** Timestamps for which every configured table has a CSV file in {@code dir}. */
    Set<BackupTimestamp> completeSets(Path dir) throws IOException {
        Set<BackupTimestamp> found = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                names.add(f.getFileName().toString());
            }
        }
        for (String name : names) {
            String prefix = VectorTables.fileStem(tables.collection()) + "_";
            if (name.startsWith(prefix) && name.endsWith(".csv")) {
                String stamp = name.substring(prefix.length(), name.length() - 4);
                if (stamp.matches("\\d{8}_\\d{6}")) {
                    BackupTimestamp ts;
                    try {
                        ts = new BackupTimestamp(stamp);
                    } catch (RuntimeException e) {
                        continue;
                    }
                    if (names.contains(csv(tables.embedding(), ts))) {
                        found.add(ts);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Claims a timestamp in {@code dir}: the wanted one, or the next free second when any file of that
     * stamp exists or another writer holds it. Close the reservation when the set is written or abandoned.
     */
    Reservation reserve(Path dir, BackupTimestamp wanted) throws IOException {
        BackupTimestamp ts = wanted;
        for (int attempt = 0; attempt < 3600; attempt++, ts = ts.next()) {
            if (stampInUse(dir, ts, null)) {
                continue;
            }
            Path marker = dir.resolve(".reserved_" + ts.value());
            try {
                Files.createFile(marker);
                if (stampInUse(dir, ts, marker)) {
                    Files.deleteIfExists(marker);
                    continue;
                }
                return new Reservation(ts, marker);
            } catch (FileAlreadyExistsException e) {
                // someone else is writing a set with this stamp
            }
        }
        throw new IOException("no free backup timestamp in " + dir + " within an hour of " + wanted);
    }

    private static boolean stampInUse(Path dir, BackupTimestamp ts, Path ownMarker) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + ts.value() + "*")) {
            for (Path f : files) {
                if (f.equals(ownMarker)) {
                    continue;
                }
                Matcher m = STAMP.matcher(f.getFileName().toString().replace(".tmp", ""));
                if (m.find() || f.getFileName().toString().startsWith(".reserved_")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A claimed timestamp. */
    record Reservation(BackupTimestamp timestamp, Path marker) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(marker);
            } catch (IOException ignored) {
                // a stale marker only makes the next set skip this second
            }
        }
    }
}
