package io.datapipeline.vectoradmin.sets;

import io.datapipeline.vectoradmin.sets.BackupFileNames.SetFiles;
import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.vectoradmin.port.CommitStatus;
import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.domain.BackupFormat;
import io.datapipeline.core.vector.BackupSetState;
import io.datapipeline.core.vector.BackupListing;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.BackupSetInfo;
import io.datapipeline.core.vector.VectorTables;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Finds backup sets in the data directory: their states, files and manifests. */
public final class BackupCatalog {

    /** PostgreSQL's CSV as commons-csv reads it; any line ending, quoted fields may hold newlines. */
    static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").setIgnoreEmptyLines(false).get();

    private final VectorTables tables;
    private final DataDirectory dataDir;
    private final BackupFileNames names;
    private final SetInspector inspector;
    private final Clock clock;
    private final java.util.function.Supplier<Function<Manifest, CommitStatus>> resolvers;

    /**
     * @param resolvers gives a resolver (asks the database what became of a set's transaction when its outcome is
     *                  not recorded; {@link CommitStatus#UNKNOWN} when it cannot tell) for one listing
     */
    public BackupCatalog(VectorTables tables, DataDirectory dataDir, BackupFileNames names, SetInspector inspector, Clock clock,
            java.util.function.Supplier<Function<Manifest, CommitStatus>> resolvers) {
        this.tables = tables;
        this.dataDir = dataDir;
        this.names = names;
        this.inspector = inspector;
        this.clock = clock;
        this.resolvers = resolvers;
    }

    public BackupListing list(Optional<TaskId> taskId, boolean globalOnly) {
        List<BackupLocation> locations = new ArrayList<>();
        if (taskId.isPresent()) {
            locations.add(BackupLocation.ofTask(taskId.get()));
        } else {
            locations.add(BackupLocation.global());
            if (!globalOnly) {
                locations.addAll(taskLocations());
            }
        }
        Function<Manifest, CommitStatus> cached = resolvers.get();
        List<BackupListing.Location> found = new ArrayList<>();
        for (BackupLocation location : locations) {
            Path dir = dataDir.locationDir(location);
            List<BackupSetInfo> sets = new ArrayList<>();
            Map<BackupTimestamp, SetFiles> scanned;
            try {
                scanned = names.scan(dir);
            } catch (IOException e) {
                throw new PipelineException("cannot scan " + dir + ": " + e.getMessage(), e);
            }
            for (SetFiles files : scanned.values()) {
                if (!isSet(files)) {
                    continue;
                }
                sets.add(info(dir, files, inspector.inspect(dir, files, cached)));
            }
            if (!sets.isEmpty()) {
                sets.sort(Comparator.comparing(BackupSetInfo::timestamp).reversed());
                found.add(new BackupListing.Location(location.type(), location.taskId().map(Object::toString).orElse(null),
                        location.relativePath(), sets));
            }
        }
        return new BackupListing(found, OffsetDateTime.now(clock).toString());
    }

    /** A stamp is a set when it has a data file, a manifest, temporary data, or a reservation. */
    private static boolean isSet(SetFiles files) {
        return files.hasAnyDataFile() || files.hasManifest() || files.reserved() || files.hasTemporaryFiles();
    }

    private List<BackupLocation> taskLocations() {
        List<BackupLocation> result = new ArrayList<>();
        if (!Files.isDirectory(dataDir.root())) {
            return result;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir.root(), Files::isDirectory)) {
            List<String> ids = new ArrayList<>();
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (!name.equals(BackupLocation.FOLDER) && name.matches("[A-Za-z0-9_]{1,64}")
                        && Files.isDirectory(d.resolve(BackupLocation.FOLDER)) && dataDir.staysInside(d)
                        && dataDir.staysInside(d.resolve(BackupLocation.FOLDER))) {
                    ids.add(name);
                }
            }
            ids.sort(Comparator.naturalOrder());
            for (String id : ids) {
                result.add(BackupLocation.ofTask(new TaskId(id)));
            }
        } catch (IOException e) {
            throw new PipelineException("cannot scan the data directory " + dataDir.root() + ": " + e.getMessage(), e);
        }
        return result;
    }

    private BackupSetInfo info(Path dir, SetFiles files, SetInspector.Inspection in) {
        BackupTimestamp ts = files.timestamp();
        String collectionFile = fileOf(in.manifest(), tables.collection(), ts);
        String embeddingFile = fileOf(in.manifest(), tables.embedding(), ts);
        String log = null;
        if (files.has(names.log(ts))) {
            log = names.log(ts);
        } else if (in.legacy() && Files.exists(dir.resolve(BackupFileNames.LEGACY_LOG))) {
            log = BackupFileNames.LEGACY_LOG;
        }
        Manifest manifest = in.manifest();
        Map<String, Long> rows = new LinkedHashMap<>();
        List<BackupSetInfo.CollectionSummary> collections = new ArrayList<>();
        if (manifest != null) {
            manifest.tables().forEach(t -> rows.put(t.table(), t.rows()));
            if (manifest.collections() != null) {
                manifest.collections().forEach(c -> collections.add(new BackupSetInfo.CollectionSummary(c.name(),
                        c.rows(), c.dimensions() == null ? Map.of() : c.dimensions(), c.embedding())));
            }
        }
        BackupSetInfo.Builder info = BackupSetInfo.builder(ts.value(), ts.display())
                .files(collectionFile, size(dir, files, collectionFile), embeddingFile, size(dir, files, embeddingFile),
                        log)
                .state(in.state(), in.reason(), in.commitOutcome(), in.truncated());
        String manifestFile = files.hasManifest() ? names.manifest(ts) : null;
        if (manifest == null) {
            // none (the original tool's), or one that cannot be used: its file is still named
            return info.content(manifestFile, rows, collections, BackupEncoding.CSV).build();
        }
        return info.content(manifestFile, rows, collections, manifest.encoding())
                .origin(manifest.taskId(), manifest.executionId(), manifest.operation(), manifest.instance(),
                        manifest.scheduleSlot())
                .build();
    }

    private static long size(Path dir, SetFiles files, String name) {
        if (!files.has(name)) {
            return 0;
        }
        try {
            return Files.size(dir.resolve(name));
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * A set found in its folder, with its state.
     *
     * @param dir        its folder
     * @param files      its files
     * @param inspection its state
     */
    public record Located(Path dir, SetFiles files, SetInspector.Inspection inspection) {
    }

    /** The folder and state of an existing set, or NotFound naming what is missing. */
    public Located locate(BackupLocation location, BackupTimestamp ts, List<TableName> wanted) {
        Path dir = dataDir.locationDir(location);
        if (!Files.isDirectory(dir)) {
            throw new NotFoundException("no backup folder for " + location + " (" + dir + ")");
        }
        SetFiles files;
        try {
            files = names.scan(dir).get(ts);
        } catch (IOException e) {
            throw new PipelineException("cannot scan " + dir + ": " + e.getMessage(), e);
        }
        if (files == null || !isSet(files)) {
            throw new NotFoundException("backup set " + ts + " of " + location + " not found");
        }
        SetInspector.Inspection in = inspector.inspect(dir, files, resolvers.get());
        if (in.state() != BackupSetState.DAMAGED) {
            List<String> missing = new ArrayList<>();
            for (TableName t : wanted) {
                String file = fileOf(in.manifest(), t, ts);
                if (!files.has(file)) {
                    missing.add(file);
                }
            }
            if (!missing.isEmpty()) {
                throw new ConflictException("backup set " + ts + " of " + location + (in.state() == BackupSetState.INCOMPLETE
                        ? " is incomplete" + (in.reason() == null ? "" : " (" + in.reason() + ")") : "")
                        + " and cannot be used: missing " + missing);
            }
        }
        return new Located(dir, files, in);
    }

    /** A file of a set in a location, with the manifest's sha256 for a data file; empty when it is no set's file. */
    public Optional<io.datapipeline.core.port.in.ListVectorBackupsUseCase.BackupFile> file(BackupLocation location,
            String fileName) {
        if (fileName == null || fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")
                || fileName.startsWith(".")) {
            return Optional.empty();
        }
        Path dir = dataDir.locationDir(location);
        Map<BackupTimestamp, SetFiles> scanned;
        try {
            scanned = names.scan(dir);
        } catch (IOException e) {
            throw new PipelineException("cannot scan " + dir + ": " + e.getMessage(), e);
        }
        for (SetFiles files : scanned.values()) {
            if (!files.has(fileName) || fileName.endsWith(BackupFileNames.TMP)) {
                continue;
            }
            Path path = dir.resolve(fileName);
            if (!dataDir.staysInside(path) || !Files.isRegularFile(path)) {
                return Optional.empty();
            }
            String sha = null;
            SetInspector.Inspection in = inspector.inspect(dir, files, m -> CommitStatus.UNKNOWN);
            if (in.manifest() != null) {
                sha = in.manifest().tables().stream().filter(t -> t.file().equals(fileName))
                        .map(Manifest.TableEntry::sha256).findFirst().orElse(null);
            }
            try {
                return Optional.of(new io.datapipeline.core.port.in.ListVectorBackupsUseCase.BackupFile(fileName,
                        Files.size(path), path.toString(), sha));
            } catch (IOException e) {
                throw new PipelineException("cannot read " + fileName + ": " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    /** The data file of a table: as the manifest names it, else the original's CSV name. */
    public String fileOf(Manifest manifest, TableName t, BackupTimestamp ts) {
        Manifest.TableEntry entry = manifest == null ? null : manifest.table(t.display());
        return entry != null ? entry.file() : names.csv(t, ts);
    }

    /** The first record of a CSV file (its header). */
    public static List<String> scanHeader(Path file, BackupEncoding encoding) throws IOException {
        try (DataFiles.Reader in = new DataFiles.Reader(file, encoding, -1);
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
                CSVParser parser = CSV.parse(reader)) {
            var it = parser.iterator();
            if (!it.hasNext()) {
                throw new IOException(file.getFileName() + " is empty (no header line)");
            }
            return it.next().toList();
        }
    }

    /**
     * Header (CSV), record count and digests of a data file, in one streaming pass.
     *
     * @param parseError why the file could not be read to the end, or {@code null}
     */
    public record Scan(List<String> header, long rows, String sha256, String contentSha256, String parseError) {
    }

    public static Scan scan(Path file, BackupEncoding encoding, int columns) throws IOException {
        try (DataFiles.Reader in = new DataFiles.Reader(file, encoding, columns)) {
            List<String> header = List.of();
            long rows = 0;
            String parseError = null;
            try {
                if (encoding.format() == BackupFormat.BINARY) {
                    in.drain();
                    rows = in.rows();
                } else {
                    // not closed here: closing it would close the stream before the digests saw every byte
                    @SuppressWarnings("resource")
                    CSVParser parser = CSV.parse(new InputStreamReader(in, StandardCharsets.UTF_8));
                    boolean first = true;
                    for (CSVRecord record : parser) {
                        if (first) {
                            header = record.toList();
                            first = false;
                        } else {
                            rows++;
                        }
                    }
                }
            } catch (RuntimeException | IOException e) {
                parseError = e.getMessage();
            }
            // read what the parser did not, so the checksum covers every byte even of a broken file
            try {
                in.drain();
            } catch (IOException e) {
                if (parseError == null) {
                    parseError = e.getMessage();
                }
            }
            return new Scan(header, parseError == null ? rows : -1, in.storedSha256(), in.contentSha256(), parseError);
        }
    }
}
