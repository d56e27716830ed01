package io.datapipeline.vectoradmin.sets;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.domain.BackupFormat;
import io.datapipeline.core.domain.Compression;
import io.datapipeline.core.vector.VectorTables;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File names of a backup set: {@code <table>_<ts>.csv} (the original's), {@code <table>_<ts>.pgcopy} (binary), with
 * {@code .zst} appended when compressed, {@code manifest_<ts>.json},
 * {@code outcome_<ts>.json} (what became of the set's transaction), {@code vector_backup_log_<ts>.txt}, the
 * temporary {@code .tmp} names while it is written, and the reservation {@code .reserved_<ts>} that keeps two
 * sets from sharing a stamp and marks a set as being written until its outcome is recorded.
 */
public final class BackupFileNames {

    static final String LEGACY_LOG = "vector_backup_log.txt";
    public static final String TMP = ".tmp";
    static final String RESERVED = ".reserved_";
    private static final Pattern STAMP = Pattern.compile(
            "_(\\d{8}_\\d{6})\\.(csv|pgcopy|csv\\.zst|pgcopy\\.zst|json|txt)(\\.tmp)?$");
    private static final Pattern RESERVATION = Pattern.compile("^\\.reserved_(\\d{8}_\\d{6})$");

    private final VectorTables tables;

    public BackupFileNames(VectorTables tables) {
        this.tables = tables;
    }

    public String csv(TableName table, BackupTimestamp ts) {
        return data(table, ts, BackupEncoding.CSV);
    }

    String data(TableName table, BackupTimestamp ts, BackupEncoding encoding) {
        return VectorTables.fileStem(table) + "_" + ts.value() + encoding.extension();
    }

    /** The encoding a data file's name says, or {@code null} when it is not a data file name. */
    public static BackupEncoding encodingOf(String fileName) {
        for (BackupFormat f : BackupFormat.values()) {
            for (Compression c : Compression.values()) {
                BackupEncoding e = new BackupEncoding(f, c);
                if (fileName.endsWith(e.extension())) {
                    return e;
                }
            }
        }
        return null;
    }

    public String manifest(BackupTimestamp ts) {
        return "manifest_" + ts.value() + ".json";
    }

    public String outcome(BackupTimestamp ts) {
        return "outcome_" + ts.value() + ".json";
    }

    public String log(BackupTimestamp ts) {
        return "vector_backup_log_" + ts.value() + ".txt";
    }

    String reservation(BackupTimestamp ts) {
        return RESERVED + ts.value();
    }

    /** Every file of {@code dir} that belongs to a set, grouped by the set's stamp. */
    public Map<BackupTimestamp, SetFiles> scan(Path dir) throws IOException {
        Map<BackupTimestamp, TreeSet<String>> byStamp = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return Map.of();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String stamp = stampOf(name);
                if (stamp == null) {
                    continue;
                }
                BackupTimestamp ts;
                try {
                    ts = new BackupTimestamp(stamp);
                } catch (RuntimeException e) {
                    continue;
                }
                byStamp.computeIfAbsent(ts, k -> new TreeSet<>()).add(name);
            }
        }
        Map<BackupTimestamp, SetFiles> out = new TreeMap<>();
        byStamp.forEach((ts, names) -> out.put(ts, new SetFiles(ts, names, this)));
        return out;
    }

    private static String stampOf(String name) {
        Matcher r = RESERVATION.matcher(name);
        if (r.matches()) {
            return r.group(1);
        }
        Matcher m = STAMP.matcher(name);
        return m.find() ? m.group(1) : null;
    }

    /** The data files of a set, in foreign-key order. */
    java.util.List<String> dataFiles(BackupTimestamp ts) {
        return tables.all().stream().map(t -> csv(t, ts)).toList();
    }

    /**
     * Claims a timestamp in {@code dir}: the wanted one, or the next free second when any file of that stamp
     * exists or another writer holds it. The marker names the process that holds it.
     */
    Reservation reserve(Path dir, BackupTimestamp wanted) throws IOException {
        BackupTimestamp ts = wanted;
        for (int attempt = 0; attempt < 3600; attempt++, ts = ts.next()) {
            if (stampInUse(dir, ts, null)) {
                continue;
            }
            Path marker = dir.resolve(reservation(ts));
            try {
                Files.createFile(marker);
                if (stampInUse(dir, ts, marker)) {
                    Files.deleteIfExists(marker);
                    continue;
                }
                Files.write(marker, ("process " + ManagementFactory.getRuntimeMXBean().getName() + " since "
                        + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
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
                if (!f.equals(ownMarker) && stampOf(f.getFileName().toString()) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A claimed timestamp; {@link #release()} once the set's outcome is recorded or its files are gone. */
    record Reservation(BackupTimestamp timestamp, Path marker) {
        void release() {
            try {
                Files.deleteIfExists(marker);
            } catch (IOException ignored) {
                // a stale marker is cleaned by the next backup in this folder
            }
        }
    }

    /**
     * The files found for one stamp in a backup folder, whatever state the set is in.
     *
     * @param timestamp the stamp
     * @param names     file names with this stamp
     */
    public record SetFiles(BackupTimestamp timestamp, Set<String> names, BackupFileNames fileNames) {

        public SetFiles {
            names = Set.copyOf(names);
        }

        boolean has(String name) {
            return names.contains(name);
        }

        boolean hasManifest() {
            return has(fileNames.manifest(timestamp));
        }

        boolean hasOutcome() {
            return has(fileNames.outcome(timestamp));
        }

        boolean reserved() {
            return has(fileNames.reservation(timestamp));
        }

        boolean hasTemporaryFiles() {
            return names.stream().anyMatch(n -> n.endsWith(TMP));
        }

        /** Data files of the configured tables that are not (yet) in place. */
        List<String> missingDataFiles() {
            return fileNames.dataFiles(timestamp).stream().filter(f -> !has(f)).toList();
        }

        /** True when some data file of the set is in place. */
        boolean hasAnyDataFile() {
            return fileNames.dataFiles(timestamp).stream().anyMatch(this::has);
        }
    }
}
