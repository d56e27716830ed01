package io.datapipeline.vectoradmin.sets;

import io.datapipeline.vectoradmin.sets.BackupFileNames.SetFiles;
import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.InsufficientSpaceException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.vectoradmin.port.CommitStatus;
import io.datapipeline.vectoradmin.port.CopyFormat;
import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.vectoradmin.port.TransactionOutcome;
import io.datapipeline.vectoradmin.port.VectorStoreSession;
import io.datapipeline.vectoradmin.port.VectorTransaction;
import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.domain.BackupFormat;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.TableBackupResult;
import io.datapipeline.core.vector.TransferProgress;
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
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a backup set as part of a transaction that may go on to change the store, and settles it once the
 * transaction's outcome is known.
 *
 * <p>Order inside the transaction (see {@link Pending#export}): every table streamed to a {@code .tmp} file,
 * hashed and fsynced; the manifest written durably (it names the transaction); the files renamed to their
 * final names and the folder fsynced. Only then may the caller remove rows. After the transaction:
 * committed → an outcome record makes the set complete; rolled back → the set's files are deleted (or, for a
 * reload, kept and marked rolled back); unknown → kept, marked unknown. Whatever a crash interrupts is settled
 * by the next backup in the same folder, which asks the database what became of the recorded transaction.
 */
public final class BackupSetWriter {

    private static final Logger LOG = LoggerFactory.getLogger(BackupSetWriter.class);

    private final VectorTables tables;
    private final DataDirectory dataDir;
    private final BackupFileNames names;
    private final SetInspector inspector;
    private final Clock clock;
    private final java.util.function.Supplier<String> database;
    private final String instance;
    private final long minFreeBytes;
    private final Executor background;

    /**
     * @param database     describes the source database (asked only when a set is written)
     * @param instance     names this process in the manifests it writes
     * @param minFreeBytes no set is started when the data directory has less free space (0: no floor)
     * @param background   where data files are fsynced while the export goes on (the owner's, closed by it;
     *                     {@code Runnable::run} syncs in the exporting thread)
     */
    public BackupSetWriter(VectorTables tables, DataDirectory dataDir, BackupFileNames names, SetInspector inspector,
            Clock clock, java.util.function.Supplier<String> database, String instance,
            long minFreeBytes, Executor background) {
        this.instance = instance;
        this.minFreeBytes = minFreeBytes;
        this.background = background;
        this.tables = tables;
        this.dataDir = dataDir;
        this.names = names;
        this.inspector = inspector;
        this.clock = clock;
        this.database = database;
    }

    /** What the set is for, recorded in its manifest. */
    public enum Operation {
        BACKUP("backup"), BACKUP_TRUNCATE("backup_truncate"), RELOAD("reload"), DEDUPE("dedupe"), REEMBED("reembed");

        final String wire;

        Operation(String wire) {
            this.wire = wire;
        }
    }

    /**
     * What the transaction will do after the export, for the manifest.
     *
     * @param truncateRequested rows are to be removed
     * @param truncateScope     {@code table} or {@code loaded_collections}, or {@code null}
     * @param truncateTables    tables whose rows are removed
     */
    public record Intent(boolean truncateRequested, String truncateScope, List<String> truncateTables) {
        public static final Intent NONE = new Intent(false, null, List.of());
    }

    /**
     * Prepares a set in {@code location}: creates the folder, settles what earlier runs left there (asking the
     * database through {@code session}, whose store lock guarantees no other backup of this store is running),
     * and reserves a timestamp.
     */
    public Pending begin(BackupLocation location, Operation operation, String executionId, VectorStoreSession session,
            java.time.Duration folderWait, BackupEncoding encoding, String scheduleSlot) {
        requireFreeSpace();
        Path dir = dataDir.prepareLocation(location);
        FolderLock folder = FolderLock.acquire(dir, folderWait);
        try {
            settleLeftovers(dir, session);
            BackupFileNames.Reservation reservation = names.reserve(dir, BackupTimestamp.of(LocalDateTime.now(clock)));
            return new Pending(location, operation, executionId, dir, reservation, folder, encoding, scheduleSlot);
        } catch (IOException e) {
            folder.close();
            throw new PipelineException("cannot reserve a backup timestamp in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    /** Refuses to start a set, before any folder or file is made, when the data directory is nearly full. */
    private void requireFreeSpace() {
        if (minFreeBytes <= 0) {
            return;
        }
        long free = dataDir.usableSpace();
        if (free < minFreeBytes) {
            throw new InsufficientSpaceException("the data directory " + dataDir.root() + " has "
                    + io.datapipeline.core.vector.Sizes.human(free) + " free, less than the "
                    + io.datapipeline.core.vector.Sizes.human(minFreeBytes) + " below which no backup set is started ("
                    + io.datapipeline.core.domain.PipelineSettings.BACKUP_MIN_FREE_SPACE + "); nothing was written or "
                    + "changed: free space (prune old sets: pipeline vector prune) or lower the floor");
        }
    }

    /**
     * Settles the sets of earlier runs in {@code dir} that a crash or a lost connection left unsettled. Only
     * transactions of this session's cluster are asked about; whatever cannot be asked truthfully is left alone.
     */
    private void settleLeftovers(Path dir, VectorStoreSession session) {
        Map<BackupTimestamp, SetFiles> sets;
        try {
            sets = names.scan(dir);
        } catch (IOException e) {
            LOG.warn("cannot scan {} for leftovers: {}", dir, e.getMessage());
            return;
        }
        OutcomeResolver resolver = new OutcomeResolver(session::clusterId, session::statusOf);
        for (SetFiles files : sets.values()) {
            try {
                settleLeftover(dir, files, resolver);
            } catch (RuntimeException | IOException e) {
                LOG.warn("could not settle backup set {} in {}: {}", files.timestamp(), dir, e.getMessage());
            }
        }
    }

    private void settleLeftover(Path dir, SetFiles files, OutcomeResolver resolver) throws IOException {
        BackupTimestamp ts = files.timestamp();
        if (!files.hasManifest()) {
            if (files.reserved() || files.hasTemporaryFiles()) {
                LOG.info("removing backup set {} in {}: interrupted before its manifest was written", ts, dir);
                deleteAll(dir, files.names());
            }
            return;
        }
        SetInspector.Inspection in = inspector.inspect(dir, files, resolver);
        if (in.manifest() == null || in.manifest().isV1() || in.state() == io.datapipeline.core.vector.BackupSetState.DAMAGED) {
            return;
        }
        Manifest m = in.manifest();
        boolean filesMissing = !m.tables().stream().allMatch(t -> files.has(t.file()));
        boolean settled = in.outcome() != null && in.outcome().commitOutcome() != CommitOutcome.UNKNOWN;
        if (settled) {
            cleanTemporary(dir, files);
            return;
        }
        if (filesMissing) {
            // only a set whose transaction certainly did not commit may go: a read-only one, or one the database says
            // rolled back; a set of another cluster, or whose outcome nobody can tell, is left for a person
            if (m.transactionId() == null || resolver.apply(m) == CommitStatus.ABORTED) {
                LOG.info("removing backup set {} in {}: interrupted before its files were in place", ts, dir);
                deleteAll(dir, files.names());
            } else {
                LOG.error("backup set {} in {} is missing files and the outcome of its transaction {} is not known to "
                        + "be a rollback; left as it is", ts, dir, m.transactionId());
            }
            return;
        }
        if (m.transactionId() == null) {
            writeOutcome(dir, ts, CommitOutcome.COMMITTED, null, false, "read-only snapshot, settled by a later backup");
            cleanTemporary(dir, files);
            return;
        }
        settleByTransaction(dir, files, m, in.resolved() != null ? in.resolved() : resolver.apply(m), resolver);
    }

    /** An unsettled set whose files are in place: recorded as what the database says became of its transaction. */
    private void settleByTransaction(Path dir, SetFiles files, Manifest m, CommitStatus status,
            OutcomeResolver resolver) throws IOException {
        BackupTimestamp ts = files.timestamp();
        switch (status) {
            case COMMITTED -> {
                LOG.warn("backup set {} in {}: its transaction {} committed before the process stopped; set settled as "
                        + "complete", ts, dir, m.transactionId());
                writeOutcome(dir, ts, CommitOutcome.COMMITTED, m.transactionId(), m.truncateRequested(),
                        "pg_xact_status, asked by a later backup");
                cleanTemporary(dir, files);
            }
            case ABORTED -> {
                if (m.discardOnRollback()) {
                    LOG.info("removing backup set {} in {}: its transaction {} rolled back", ts, dir, m.transactionId());
                    deleteAll(dir, files.names());
                } else {
                    writeOutcome(dir, ts, CommitOutcome.ROLLED_BACK, m.transactionId(), false,
                            "pg_xact_status, asked by a later backup");
                    cleanTemporary(dir, files);
                }
            }
            case IN_PROGRESS, UNKNOWN -> {
                if (!files.hasOutcome() && resolver.sameCluster(m)) {
                    writeOutcome(dir, ts, CommitOutcome.UNKNOWN, m.transactionId(), false,
                            "pg_xact_status could not tell (" + status.name().toLowerCase(java.util.Locale.ROOT) + ")");
                }
                LOG.warn("backup set {} in {}: the outcome of transaction {} is still unknown; kept", ts, dir,
                        m.transactionId());
            }
        }
    }

    private void cleanTemporary(Path dir, SetFiles files) {
        List<String> stray = new ArrayList<>();
        for (String n : files.names()) {
            if (n.endsWith(BackupFileNames.TMP) || n.equals(names.reservation(files.timestamp()))) {
                stray.add(n);
            }
        }
        deleteAll(dir, stray);
    }

    private void writeOutcome(Path dir, BackupTimestamp ts, CommitOutcome outcome, String xid, boolean truncated,
            String how) throws IOException {
        SetOutcome o = new SetOutcome(ts.value(), outcome.wire(), xid, truncated, how, clock.instant().toString());
        Durable.write(dataDir.file(dir, names.outcome(ts)), o.toJson());
    }

    private void deleteAll(Path dir, Iterable<String> files) {
        for (String n : files) {
            try {
                Files.deleteIfExists(dataDir.file(dir, n));
            } catch (IOException | RuntimeException e) {
                LOG.error("could not remove {} in {}: {}", n, dir, e.getMessage());
            }
        }
        try {
            Durable.syncDirectory(dir);
        } catch (IOException e) {
            LOG.warn("could not sync {} after removing files: {}", dir, e.getMessage());
        }
    }

    /** What the export wrote. */
    public record Exported(Map<String, TableBackupResult> tables, String manifestFile, Manifest manifest) {
    }

    /** A set being written; belongs to one transaction. Close it after settling (closing releases the folder). */
    public final class Pending implements AutoCloseable {
        private final BackupLocation location;
        private final Operation operation;
        private final String executionId;
        private final Path dir;
        private final BackupFileNames.Reservation reservation;
        private final FolderLock folder;
        private final BackupEncoding encoding;
        private final String scheduleSlot;
        private final List<Path> written = new ArrayList<>();
        private final long t0 = System.nanoTime();
        private final Instant started = clock.instant();
        private Exported exported;
        private String failedTable;

        private Pending(BackupLocation location, Operation operation, String executionId, Path dir,
                BackupFileNames.Reservation reservation, FolderLock folder, BackupEncoding encoding,
                String scheduleSlot) {
            this.location = location;
            this.encoding = encoding;
            this.scheduleSlot = scheduleSlot;
            this.operation = operation;
            this.executionId = executionId;
            this.dir = dir;
            this.reservation = reservation;
            this.folder = folder;
        }

        public BackupTimestamp timestamp() {
            return reservation.timestamp();
        }

        /** Releases the folder lock (once settled, or when something unexpected ends the operation). */
        @Override
        public void close() {
            folder.close();
        }

        public Path directory() {
            return dir;
        }

        BackupLocation location() {
            return location;
        }

        /** The table whose export failed, or {@code null}. */
        public String failedTable() {
            return failedTable;
        }

        public Exported exported() {
            return exported;
        }

        /**
         * Exports both tables from the transaction's snapshot into the set and makes the set durable; nothing may
         * be removed from the store before this returns.
         */
        public Exported export(VectorTransaction tx, Intent intent, TransferProgress progress) throws IOException {
            background.execute(Manifest::warmUp);
            Map<TableName, TableShape> shapes = new LinkedHashMap<>();
            for (TableName t : tables.all()) {
                failedTable = t.display();
                shapes.put(t, tx.describe(t).orElseThrow(() -> new PipelineException("table " + t.display()
                        + " does not exist in " + database.get())));
            }
            Map<String, String> server = tx.describeServer();
            List<TableFile> files = new ArrayList<>();
            // counted in the COPY stream of the embedding table, or asked of the database after its export
            Map<String, CollectionState> collections = null;
            for (TableName t : tables.all()) {
                failedTable = t.display();
                TableFile file = exportTable(tx, t, shapes.get(t), progress);
                collections = file.collections() != null ? file.collections() : collections;
                files.add(file);
            }
            failedTable = null;
            if (collections == null) {
                collections = tx.langchain().collections();
            }
            Manifest manifest = manifest(tx, intent, server, shapes.get(tables.embedding()), files, collections);
            String manifestFile = names.manifest(timestamp());
            makeDurable(manifestFile, manifest, files);
            Map<String, TableBackupResult> results = new LinkedHashMap<>();
            files.forEach(f -> results.put(f.entry().table(), f.result()));
            exported = new Exported(results, manifestFile, manifest);
            return exported;
        }

        /**
         * One table's data file, written as {@code .tmp} and synced, with its report line and manifest entry.
         *
         * @param collections the store's collections counted in this export (the embedding table), else {@code null}
         */
        private record TableFile(TableBackupResult result, Manifest.TableEntry entry, Path tmp, Path finalPath,
                Map<String, CollectionState> collections) {
        }

        /** Streams one table into its {@code .tmp} file, fsyncs it and counts what it held. */
        private TableFile exportTable(VectorTransaction tx, TableName t, TableShape shape, TransferProgress progress)
                throws IOException {
            long start = System.nanoTime();
            String fileName = names.data(t, timestamp(), encoding);
            Path tmp = dataDir.file(dir, fileName + BackupFileNames.TMP);
            written.add(tmp);
            progress.started(t.display(), shape.estimatedRows(), -1);
            boolean isEmbedding = t.equals(tables.embedding());
            Optional<? extends CountsTap> tap = !isEmbedding ? Optional.empty()
                    : encoding.format() == BackupFormat.BINARY
                            ? EmbeddingCountsTap.forColumns(shape.columns(), "collection_id", "embedding")
                            : CsvCountsTap.forColumns(shape.columns(), "collection_id", "embedding");
            long rows;
            String sha;
            long bytes;
            String contentSha;
            long contentBytes;
            try (ExportSink sink = DataFiles.sink(tmp, encoding, background);
                    DataFiles.Writer out = new DataFiles.Writer(sink, encoding, shape.columns().size(), progress,
                            t.display(), tap.orElse(null))) {
                rows = tx.export(t, shape.columnNames(), copyFormat(encoding), out);
                sha = out.finish();
                if (out.rowsSeen() >= 0 && out.rowsSeen() != rows) {
                    throw new PipelineException("export of " + t.display() + ": the database reported " + rows
                            + " rows but the stream held " + out.rowsSeen());
                }
                bytes = sink.bytes();
                contentSha = out.contentSha256();
                contentBytes = out.contentBytes();
            }
            progress.finished(t.display(), rows, bytes);
            Map<String, CollectionState> collections = !isEmbedding ? null : tap.flatMap(CountsTap::counts)
                    .map(counted -> tx.langchain().collections(counted)).orElseGet(() -> tx.langchain().collections());
            Map<String, Map<Integer, Long>> dims = new LinkedHashMap<>();
            for (TableShape.Column c : shape.columns()) {
                if (c.isVector()) {
                    dims.put(c.name(), isEmbedding ? tableDimensions(collections) : tx.vectorDimensions(t, c.name()));
                }
            }
            Path finalPath = dataDir.file(dir, fileName);
            LOG.info("exported table={} format={} rows={} bytes={} sha256={}", t.display(), encoding, rows, bytes, sha);
            return new TableFile(new TableBackupResult(true, rows, bytes, fileName, finalPath.toString(),
                    (System.nanoTime() - start) / 1e9, sha, null), new Manifest.TableEntry(t.display(), fileName, bytes,
                    sha, rows, shape.columns().stream().map(c -> new Manifest.ColumnEntry(c.name(), c.type(),
                    c.notNull())).toList(), shape.primaryKey(), dims, contentSha, contentBytes), tmp, finalPath,
                    collections);
        }

        /** The set's manifest: what it holds, from where, and what its transaction is to do after the export. */
        private Manifest manifest(VectorTransaction tx, Intent intent, Map<String, String> server, TableShape emb,
                List<TableFile> files, Map<String, CollectionState> collections) {
            return Manifest.builder()
                    .set(timestamp(), location, executionId, operation.wire)
                    .timing(started.toString(), clock.instant().toString(), (System.nanoTime() - t0) / 1e9)
                    .source(database.get(), server, tx.transactionId().orElse(null))
                    .intent(intent.truncateRequested(), intent.truncateScope(), intent.truncateTables(),
                            intent.truncateRequested()
                                    ? "one REPEATABLE READ snapshot; writers blocked from before the snapshot until commit"
                                    : "one REPEATABLE READ snapshot")
                    .content(LangChainGeneration.detect(emb.columnNames(), c -> emb.column(c)
                            .map(TableShape.Column::type).orElse(null)).label(),
                            files.stream().map(TableFile::entry).toList(), collections.values().stream()
                                    .map(c -> new Manifest.CollectionEntry(c.name(), c.uuid(), c.rows(), c.dimensions(),
                                            c.provenance())).toList(), encoding)
                    .origin(instance, scheduleSlot)
                    .build();
        }

        /**
         * The commit marker of the files: the manifest written durably first, then every data file renamed from
         * {@code .tmp} into place, then the folder synced.
         */
        private void makeDurable(String manifestFile, Manifest manifest, List<TableFile> files) throws IOException {
            Path manifestPath = dataDir.file(dir, manifestFile);
            written.add(manifestPath);
            Durable.write(manifestPath, manifest.toJson());
            for (TableFile f : files) {
                Durable.move(f.tmp(), f.finalPath());
                written.add(f.finalPath());
            }
            Durable.syncDirectory(dir);
        }

        private static CopyFormat copyFormat(BackupEncoding e) {
            return e.format() == BackupFormat.BINARY ? CopyFormat.BINARY : CopyFormat.CSV;
        }

        private static Map<Integer, Long> tableDimensions(Map<String, CollectionState> collections) {
            Map<Integer, Long> dims = new TreeMap<>();
            collections.values().forEach(s -> s.dimensions().forEach((d, n) -> dims.merge(d, n, Long::sum)));
            return dims;
        }

        /**
         * Records what became of the set's transaction; returns what the report says.
         *
         * @param truncated rows were removed by the transaction (only meaningful when it committed)
         */
        public CommitOutcome settle(TransactionOutcome<?> outcome, boolean truncated) {
            BackupTimestamp ts = timestamp();
            try {
                if (outcome instanceof TransactionOutcome.Committed<?> c) {
                    if (exported != null) {
                        writeOutcome(dir, ts, CommitOutcome.COMMITTED, c.transactionId().orElse(null), truncated,
                                c.note().orElse("the answer to COMMIT"));
                    }
                    return CommitOutcome.COMMITTED;
                }
                if (outcome instanceof TransactionOutcome.Unknown<?> u) {
                    if (exported != null) {
                        writeOutcome(dir, ts, CommitOutcome.UNKNOWN, u.transactionId(), false, u.reason());
                    }
                    LOG.error("backup set {} in {} kept: the outcome of its transaction {} is unknown ({})", ts, dir,
                            u.transactionId(), u.reason());
                    return CommitOutcome.UNKNOWN;
                }
                if (exported == null || operation != Operation.RELOAD) {
                    discard();
                } else {
                    writeOutcome(dir, ts, CommitOutcome.ROLLED_BACK, exported.manifest().transactionId(), false,
                            "the transaction rolled back");
                }
                return CommitOutcome.ROLLED_BACK;
            } catch (IOException | RuntimeException e) {
                // the manifest names the transaction: the next backup here settles the set from the database
                LOG.error("could not record the outcome of backup set {} in {}: {}", ts, dir, e.getMessage());
                return outcome instanceof TransactionOutcome.Committed<?> ? CommitOutcome.COMMITTED
                        : outcome instanceof TransactionOutcome.Unknown<?> ? CommitOutcome.UNKNOWN
                                : CommitOutcome.ROLLED_BACK;
            } finally {
                reservation.release();
                folder.close();
            }
        }

        /** Deletes every file of the set (its transaction rolled back or never started). */
        void discard() {
            List<String> files = new ArrayList<>();
            for (Path p : written) {
                files.add(p.getFileName().toString());
            }
            deleteAll(dir, files);
            reservation.release();
            folder.close();
        }

        /** Writes the set's human log. */
        public void writeLog(VectorManagementReport report, boolean truncateRequested) {
            String text = BackupLog.render(LocalDateTime.now(clock), location.taskId().map(Object::toString).orElse(null),
                    report.duration(), tables.all().stream().map(TableName::display).toList(), report.tablesBackedUp(),
                    truncateRequested && report.truncatePerformed(), report.truncateResults(), report.errors());
            try {
                Durable.write(dataDir.file(dir, names.log(timestamp())), text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not write the backup log {}: {}", names.log(timestamp()), e.getMessage());
            }
        }
    }
}
