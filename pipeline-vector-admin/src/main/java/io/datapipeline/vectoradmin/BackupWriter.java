package io.datapipeline.vectoradmin;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.core.port.out.TableShape;
import io.datapipeline.core.port.out.VectorTableStore;
import io.datapipeline.core.port.out.VectorTransaction;
import io.datapipeline.core.vector.TableBackupResult;
import io.datapipeline.core.vector.TruncateResult;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VectorTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a backup set: both tables exported from one snapshot on one connection, each file written as
 * {@code .tmp}, hashed, fsynced and renamed, then the manifest; with truncate, writers are blocked from
 * before the snapshot until commit and the truncate runs in the same transaction after the row counts
 * were checked. Any failure rolls the transaction back and removes every file of the set.
 */
final class BackupWriter {

    private static final Logger LOG = LoggerFactory.getLogger(BackupWriter.class);

    private final VectorTableStore store;
    private final VectorTables tables;
    private final DataDirectory dataDir;
    private final BackupFileNames names;
    private final Clock clock;

    BackupWriter(VectorTableStore store, VectorTables tables, DataDirectory dataDir, BackupFileNames names, Clock clock) {
        this.store = store;
        this.tables = tables;
        this.dataDir = dataDir;
        this.names = names;
        this.clock = clock;
    }

    /** What the transaction produced. */
    private record Exported(Map<String, TableBackupResult> tables, Map<String, TruncateResult> truncates,
            String manifestFile) {
    }

    VectorManagementReport backup(BackupVectorTablesCommand cmd) {
        long t0 = System.nanoTime();
        Manifest.warmUpInBackground();
        Instant started = clock.instant();
        Path dir = dataDir.prepareLocation(cmd.location());
        String taskLabel = cmd.location().taskId().map(Object::toString).orElse(null);
        List<String> order = tables.all().stream().map(TableName::display).toList();
        List<Path> created = new ArrayList<>();
        BackupFileNames.Reservation reservation;
        try {
            reservation = names.reserve(dir, BackupTimestamp.of(LocalDateTime.now(clock)));
        } catch (IOException e) {
            throw new PipelineException("cannot reserve a backup timestamp in " + dir + ": " + e.getMessage(), e);
        }
        BackupTimestamp ts = reservation.timestamp();
        LOG.info("vector backup started: location={} timestamp={} truncate={}", cmd.location(), ts, cmd.truncate());
        ExecutorService syncer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "backup-fsync");
            t.setDaemon(true);
            return t;
        });
        Exported exported = null;
        String failure = null;
        String failedTable = null;
        try (reservation) {
            String[] current = new String[1];
            try {
                exported = VectorAdminService.withSession(store, cmd.session(), "vector backup", cmd.lockWait(),
                        session -> session.inSnapshot(cmd.truncate(),
                                tx -> export(tx, cmd, dir, ts, started, t0, created, syncer, current)));
            } catch (RuntimeException e) {
                if (VectorAdminService.isCallerError(e)) {
                    deleteAll(created);
                    throw e;
                }
                failure = VectorAdminService.message(e);
                failedTable = current[0];
            }
        } finally {
            syncer.shutdownNow();
        }

        double duration = (System.nanoTime() - t0) / 1e9;
        VectorManagementReport report;
        if (failure == null) {
            report = new VectorManagementReport(true, cmd.truncate(), exported.tables(), exported.truncates(), List.of(),
                    List.of(), duration, dir.toString(), exported.manifestFile(), ts.value());
            LOG.info("vector backup done: location={} timestamp={} rows={} truncated={} duration={}s", cmd.location(), ts,
                    exported.tables().values().stream().mapToLong(TableBackupResult::rowCount).sum(), cmd.truncate(),
                    String.format(java.util.Locale.ROOT, "%.2f", duration));
        } else {
            deleteAll(created);
            Map<String, TableBackupResult> failed = new LinkedHashMap<>();
            for (String table : order) {
                String why = table.equals(failedTable) ? failure
                        : "not kept: the backup set was rolled back because of an error" + (failedTable == null ? ""
                                : " on " + failedTable);
                failed.put(table, TableBackupResult.failed(why, 0));
            }
            List<String> errors = new ArrayList<>();
            errors.add("backup failed, nothing was truncated and no file of the set was kept: " + failure);
            report = new VectorManagementReport(false, false, failed, Map.of(), errors, List.of(), duration,
                    dir.toString(), null, ts.value());
            LOG.error("vector backup failed: location={} timestamp={} error={}", cmd.location(), ts, failure);
        }
        writeLog(dir, ts, taskLabel, report, cmd.truncate(), order);
        return report;
    }

    private Exported export(VectorTransaction tx, BackupVectorTablesCommand cmd, Path dir, BackupTimestamp ts,
            Instant started, long t0, List<Path> created, ExecutorService syncer, String[] current) throws IOException {
        Map<TableName, TableShape> shapes = new LinkedHashMap<>();
        for (TableName t : tables.all()) {
            current[0] = t.display();
            shapes.put(t, tx.describe(t).orElseThrow(() -> new PipelineException(
                    "table " + t.display() + " does not exist in " + store.describeDatabase())));
        }
        Map<String, String> server = tx.describeServer();
        Map<String, TableBackupResult> results = new LinkedHashMap<>();
        List<Manifest.TableEntry> entries = new ArrayList<>();
        List<Path> temps = new ArrayList<>();
        for (TableName t : tables.all()) {
            current[0] = t.display();
            long start = System.nanoTime();
            TableShape shape = shapes.get(t);
            String fileName = names.csv(t, ts);
            Path tmp = dataDir.file(dir, fileName + ".tmp");
            created.add(tmp);
            temps.add(tmp);
            cmd.progress().started(t.display(), shape.estimatedRows(), -1);
            long rows;
            String sha;
            long bytes;
            try (ExportSink sink = new ExportSink(tmp, t.display(), cmd.progress(), syncer)) {
                rows = tx.exportCsv(t, shape.columnNames(), sink);
                sha = sink.finish();
                bytes = sink.bytes();
            }
            cmd.progress().finished(t.display(), rows, bytes);
            Map<String, Map<Integer, Long>> dims = new LinkedHashMap<>();
            for (TableShape.Column c : shape.columns()) {
                if (c.isVector()) {
                    dims.put(c.name(), c.fixedDimension().map(d -> Map.of(d, rows)).orElseGet(
                            () -> tx.vectorDimensions(t, c.name())));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Path finalPath = dataDir.file(dir, fileName);
            results.put(t.display(), new TableBackupResult(true, rows, bytes, fileName, finalPath.toString(), seconds,
                    sha, null));
            entries.add(new Manifest.TableEntry(t.display(), fileName, bytes, sha, rows,
                    shape.columns().stream().map(c -> new Manifest.ColumnEntry(c.name(), c.type(), c.notNull())).toList(),
                    shape.primaryKey(), dims));
            LOG.info("exported table={} rows={} bytes={} sha256={}", t.display(), rows, bytes, sha);
        }

        Map<String, TruncateResult> truncates = new LinkedHashMap<>();
        if (cmd.truncate()) {
            long start = System.nanoTime();
            Map<TableName, Long> before = new LinkedHashMap<>();
            for (TableName t : tables.truncateScope()) {
                current[0] = t.display();
                long n = tx.count(t);
                long backedUp = results.get(t.display()).rowCount();
                if (n != backedUp) {
                    throw new PipelineException("row count of " + t.display() + " changed during the backup (" + backedUp
                            + " exported, " + n + " now); refusing to truncate");
                }
                before.put(t, n);
            }
            tx.truncate(tables.truncateScope());
            double seconds = (System.nanoTime() - start) / 1e9;
            for (TableName t : tables.truncateScope()) {
                long after = tx.count(t);
                if (after != 0) {
                    throw new PipelineException("truncate of " + t.display() + " left " + after + " rows");
                }
                truncates.put(t.display(), new TruncateResult(true, before.get(t), after, seconds, null));
                LOG.info("truncated table={} rows_before={} (commits with the backup)", t.display(), before.get(t));
            }
        }
        current[0] = null;

        // the files get their final names before the commit: once the truncate is committed, the set is complete
        for (int i = 0; i < temps.size(); i++) {
            Path tmp = temps.get(i);
            Path fin = tmp.resolveSibling(tmp.getFileName().toString().replaceFirst("\\.tmp$", ""));
            Durable.move(tmp, fin);
            created.add(fin);
        }
        String manifestFile = names.manifest(ts);
        Manifest manifest = new Manifest(Manifest.FORMAT, ts.value(), cmd.location().taskId().map(Object::toString)
                .orElse(null), cmd.location().type(), started.toString(), clock.instant().toString(),
                (System.nanoTime() - t0) / 1e9, store.describeDatabase(), server, cmd.truncate(),
                cmd.truncate() ? tables.truncateScope().stream().map(TableName::display).toList() : List.of(),
                cmd.truncate() ? "one REPEATABLE READ snapshot; writers blocked (SHARE lock) until the truncate committed"
                        : "one REPEATABLE READ snapshot",
                LangChainGeneration.detect(shapes.get(tables.embedding()).columnNames(),
                        c -> shapes.get(tables.embedding()).column(c).map(TableShape.Column::type).orElse(null)).label(),
                entries);
        Path manifestPath = dataDir.file(dir, manifestFile);
        created.add(manifestPath);
        Durable.write(manifestPath, manifest.toJson());
        Durable.syncDirectory(dir);
        return new Exported(results, truncates, manifestFile);
    }

    private void writeLog(Path dir, BackupTimestamp ts, String taskLabel, VectorManagementReport report,
            boolean truncateRequested, List<String> order) {
        String text = BackupLog.render(LocalDateTime.now(clock), taskLabel, report.duration(), order,
                report.tablesBackedUp(), truncateRequested && report.truncatePerformed(), report.truncateResults(),
                report.errors());
        try {
            Durable.write(dataDir.file(dir, names.log(ts)), text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the backup log {}: {}", names.log(ts), e.getMessage());
        }
    }

    private static void deleteAll(List<Path> files) {
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.error("could not remove {} of a failed backup set: {}", p, e.getMessage());
            }
        }
    }
}
