package io.datapipeline.vectoradmin;

import io.datapipeline.vectoradmin.sets.BackupCatalog;
import io.datapipeline.vectoradmin.sets.BackupFileNames;
import io.datapipeline.vectoradmin.sets.DataDirectory;
import io.datapipeline.vectoradmin.sets.DataFiles;
import io.datapipeline.vectoradmin.sets.Failures;
import io.datapipeline.vectoradmin.sets.Manifest;
import io.datapipeline.vectoradmin.sets.ManifestCheck;
import io.datapipeline.vectoradmin.sets.SetInspector;
import io.datapipeline.vectoradmin.sets.SetLock;
import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.in.RestoreVectorBackupCommand;
import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.vectoradmin.port.CopyFormat;
import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.vectoradmin.port.TransactionMode;
import io.datapipeline.vectoradmin.port.TransactionOutcome;
import io.datapipeline.vectoradmin.port.VectorStoreSession;
import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.domain.BackupFormat;
import io.datapipeline.core.vector.BackupSetState;
import io.datapipeline.core.domain.Compression;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.vectoradmin.port.VectorTransaction;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.TruncateResult;
import io.datapipeline.core.vector.VectorTables;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a backup set in one transaction, collection before embedding. Replace empties the selected
 * tables in one TRUNCATE first; append adds only rows whose keys are new (collection rows that exist under
 * another uuid with the same name are reused, and the embeddings pointing at them are remapped). The
 * checksum and row count of every file are checked while it streams; a mismatch, a bad row or any other
 * failure rolls everything back.
 */
final class Restorer {

    private static final Logger LOG = LoggerFactory.getLogger(Restorer.class);
    private static final int CHUNK = 1 << 20;

    /** Reads legacy and foreign CSV: unquoted empty field = NULL, quoted empty = empty string. */
    private static final CSVFormat READ = CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.ALL_NON_NULL)
            .setIgnoreEmptyLines(false).get();
    /** Writes CSV for COPY: NULL unquoted, every other value quoted (so "" stays an empty string). */
    private static final CSVFormat WRITE = CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.ALL_NON_NULL)
            .setRecordSeparator("\n").get();

    private final VectorTableStore store;
    private final VectorTables tables;
    private final DataDirectory dataDir;
    private final BackupFileNames names;
    private final BackupCatalog catalog;

    Restorer(VectorTableStore store, VectorTables tables, DataDirectory dataDir, BackupFileNames names,
            BackupCatalog catalog) {
        this.store = store;
        this.tables = tables;
        this.dataDir = dataDir;
        this.names = names;
        this.catalog = catalog;
    }

    RestoreReport restore(RestoreVectorBackupCommand cmd) {
        long t0 = System.nanoTime();
        List<TableName> selected = tables.select(cmd.tables());
        if (cmd.replace() && selected.contains(tables.collection()) && !selected.contains(tables.embedding())) {
            throw InvalidInputException.invalid("tables", "replacing " + tables.collection().display()
                    + " alone would orphan or cascade-delete " + tables.embedding().display()
                    + "; restore both tables, or append (without truncate_before_restore)");
        }
        BackupTimestamp ts = cmd.timestamp();
        BackupCatalog.Located set = catalog.locate(cmd.location(), ts, selected);
        Path dir = set.dir();
        SetInspector.Inspection in = set.inspection();
        if (in.state() == BackupSetState.DAMAGED) {
            throw new ConflictException("backup set " + ts + " of " + cmd.location() + " is damaged and cannot be "
                    + "restored: " + in.reason());
        }
        List<String> warnings = new ArrayList<>();
        if (in.state() == BackupSetState.INCOMPLETE) {
            if (!cmd.force()) {
                throw new ConflictException("backup set " + ts + " of " + cmd.location() + " is incomplete: "
                        + in.reason() + "; it is restored only when the restore is forced (its force option)");
            }
            warnings.add("set " + ts + " is incomplete (" + in.reason() + "); restored because force was given");
        }
        Optional<Manifest> manifest = Optional.ofNullable(in.manifest());
        boolean legacy = manifest.isEmpty();
        if (legacy) {
            warnings.add("set " + ts + " has no manifest (made by the original Python tool?): restored without checksum "
                    + "verification; CRLF line ends, Python-literal metadata and empty fields (NULL) are converted");
        }
        for (TableName t : selected) {
            manifest.ifPresent(m -> checkBeforeStart(m, dir, t, ts));
        }
        Partial partial = cmd.collections() == null ? null : partial(cmd.collections(), manifest.orElse(null), dir, ts);
        String location = cmd.location().taskId().map(Object::toString).orElse("global");
        LOG.info("vector restore started: location={} timestamp={} tables={} mode={}", cmd.location(), ts, selected,
                cmd.exclusive() ? "replace (exclusive: TRUNCATE, readers wait until the commit)"
                        : cmd.replace() ? "replace" : "append");
        TransactionOutcome<Result> outcome;
        SetLock setLock = SetLock.tryAcquire(dir, ts).orElseThrow(() -> new io.datapipeline.core.domain.BusyException(
                "backup set " + ts + " of " + cmd.location() + " is being deleted or restored by another process; "
                        + "nothing was changed; retry later"));
        try (setLock; VectorStoreSession session = store.openSession("vector restore", cmd.lockWait())) {
            outcome = session.transaction(TransactionMode.WRITE, tx -> {
                // missing LangChain tables are created as a load creates them, in this transaction (a failed
                // restore leaves none behind); the set brings its own collection rows
                List<String> created = tx.langchain().ensure(List.of());
                if (!created.isEmpty()) {
                    warnings.add("created what the store lacked, as langchain_postgres creates it: "
                            + String.join(", ", created));
                }
                guard(tx, cmd, manifest.orElse(null), selected, warnings, partial);
                return load(tx, cmd, dir, ts, selected, manifest.orElse(null), warnings, partial);
            });
        }
        double duration = (System.nanoTime() - t0) / 1e9;
        if (outcome instanceof TransactionOutcome.Committed<Result> c) {
            Result result = c.value();
            c.note().ifPresent(n -> warnings.add("the answer to COMMIT was lost; " + n));
            LOG.info("vector restore done: location={} timestamp={} inserted={} skipped={} duration={}s", cmd.location(), ts,
                    result.tables().stream().mapToLong(RestoreReport.TableRestore::rowsInserted).sum(),
                    result.tables().stream().mapToLong(RestoreReport.TableRestore::rowsSkipped).sum(),
                    String.format(java.util.Locale.ROOT, "%.2f", duration));
            return new RestoreReport(true, cmd.replace(), location, ts.value(), ts.display(), legacy, result.tables(),
                    result.truncates(), List.of(), warnings, duration, CommitOutcome.COMMITTED, result.collections());
        }
        if (outcome instanceof TransactionOutcome.Unknown<Result> u) {
            String why = "the answer to COMMIT was lost and the database could not tell whether the restore's "
                    + "transaction " + u.transactionId() + " committed (" + u.reason() + "): the tables hold either "
                    + "what they held before or the restored set, never a mix; check the row counts, and if they are "
                    + "the old ones, run the restore again";
            LOG.error("vector restore outcome unknown: location={} timestamp={} {}", cmd.location(), ts, why);
            return new RestoreReport(false, cmd.replace(), location, ts.value(), ts.display(), legacy,
                    u.value().tables(), u.value().truncates(), List.of(why), warnings, duration, CommitOutcome.UNKNOWN,
                    u.value().collections());
        }
        RuntimeException e = ((TransactionOutcome.RolledBack<Result>) outcome).cause();
        if (Failures.isCallerError(e)) {
            throw e;
        }
        String why = Failures.message(e);
        LOG.error("vector restore failed, nothing was changed: location={} timestamp={} error={}", cmd.location(), ts,
                why);
        return new RestoreReport(false, cmd.replace(), location, ts.value(), ts.display(), legacy, List.of(), Map.of(),
                List.of("restore failed and was rolled back, the tables are as they were: " + why), warnings, duration,
                CommitOutcome.ROLLED_BACK);
    }

    /**
     * Refuses an append whose vectors could not be searched together with the rows already in the store
     * (another dimension, another recorded model). A replace swaps everything and is allowed.
     */
    private void guard(VectorTransaction tx, RestoreVectorBackupCommand cmd, Manifest manifest, List<TableName> selected,
            List<String> warnings, Partial partial) {
        if (cmd.replace() && partial == null || !selected.contains(tables.embedding())) {
            return;
        }
        if (manifest == null || manifest.collections() == null) {
            warnings.add("the set records no embedding model or dimensions per collection; appended without checking "
                    + "that its vectors match the store's");
            return;
        }
        Map<String, CollectionState> store = new LinkedHashMap<>(tx.langchain().collections());
        List<Manifest.CollectionEntry> incomingSets = manifest.collections();
        if (partial != null) {
            incomingSets = incomingSets.stream().filter(c -> partial.names().contains(c.name())).toList();
            if (cmd.replace()) {
                // the named collections are replaced: only the others must fit with what comes in
                partial.names().forEach(store::remove);
            }
        }
        for (Manifest.CollectionEntry incoming : incomingSets) {
            CollectionState same = store.get(incoming.name());
            if (same != null && same.ambiguous()) {
                throw new ConflictException("refused before anything changed: " + (same.otherUuids().size() + 1)
                        + " collection rows of the store are named '" + same.name() + "'; appending to that name would "
                        + "pick one of them at random. Merge or remove the extra collection rows, or restore with "
                        + "truncate_before_restore");
            }
        }
        java.util.Set<Integer> storeDims = new java.util.TreeSet<>();
        store.values().forEach(c -> storeDims.addAll(c.dimensions().keySet()));
        String instead = partial != null && cmd.replace() ? "Replace every collection (leave collections out) instead"
                : "Restore with truncate_before_restore to replace the store instead";
        for (Manifest.CollectionEntry incoming : incomingSets) {
            if (incoming.rows() == 0 || incoming.dimensions() == null) {
                continue;
            }
            java.util.Set<Integer> added = new java.util.TreeSet<>(incoming.dimensions().keySet());
            added.removeAll(storeDims);
            if (!storeDims.isEmpty() && !added.isEmpty()) {
                throw new ConflictException("refused before anything changed: the set's collection '" + incoming.name()
                        + "' holds vectors of " + added + " dimensions but the store's vectors have " + storeDims
                        + "; restoring it next to them would mix dimensions and break every similarity search. "
                        + instead);
            }
            for (CollectionState existing : store.values()) {
                if (existing.rows() > 0 && existing.provenance() != null && incoming.embedding() != null
                        && !existing.provenance().sameModelAs(incoming.embedding())) {
                    throw new ConflictException("refused before anything changed: the set's collection '"
                            + incoming.name() + "' was embedded with " + incoming.embedding().describe()
                            + " but the store's collection '" + existing.name() + "' with "
                            + existing.provenance().describe() + "; vectors of two models cannot be searched together. "
                            + instead);
                }
            }
        }
    }

    private record Result(List<RestoreReport.TableRestore> tables, Map<String, TruncateResult> truncates,
            List<RestoreReport.CollectionRestore> collections) {
    }

    /**
     * A restore of named collections only.
     *
     * @param names         the collections
     * @param setUuids      their uuids in the set, to uuid→name
     */
    private record Partial(List<String> names, Map<String, String> setUuids) {
        java.util.Set<String> setUuidsSet() {
            return setUuids.keySet();
        }

        String nameOf(String uuid) {
            return setUuids.getOrDefault(uuid, uuid);
        }
    }

    /** The named collections' uuids in the set: from the manifest, or from the collection file of a legacy set. */
    private Partial partial(List<String> wanted, Manifest manifest, Path dir, BackupTimestamp ts) {
        Map<String, String> uuidToName = new LinkedHashMap<>();
        Map<String, String> byName = new LinkedHashMap<>();
        if (manifest != null && manifest.collections() != null) {
            manifest.collections().forEach(c -> byName.put(c.name(), c.uuid()));
        } else {
            Path file = dir.resolve(names.csv(tables.collection(), ts));
            try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8);
                    CSVParser parser = READ.parse(reader)) {
                Iterator<CSVRecord> it = parser.iterator();
                List<String> header = it.hasNext() ? it.next().toList() : List.of();
                int uuid = header.indexOf("uuid");
                int name = header.indexOf("name");
                if (uuid < 0 || name < 0) {
                    throw new ConflictException(file.getFileName() + " has no uuid and name columns; the collections "
                            + "cannot be told apart");
                }
                while (it.hasNext()) {
                    CSVRecord r = it.next();
                    byName.put(r.get(name), r.get(uuid));
                }
            } catch (IOException e) {
                throw new PipelineException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
            }
        }
        List<String> unknown = wanted.stream().filter(n -> !byName.containsKey(n)).toList();
        if (!unknown.isEmpty()) {
            throw InvalidInputException.invalid("collections", "backup set " + ts + " has no collection named "
                    + unknown + "; it holds " + byName.keySet());
        }
        wanted.forEach(n -> uuidToName.put(byName.get(n), n));
        return new Partial(wanted, uuidToName);
    }

    private void checkBeforeStart(Manifest m, Path dir, TableName t, BackupTimestamp ts) {
        Manifest.TableEntry entry = m.table(t.display());
        if (entry == null) {
            throw new ConflictException("manifest " + names.manifest(ts) + " does not list " + t.display()
                    + "; the set cannot be restored");
        }
        try {
            long size = Files.size(dir.resolve(entry.file()));
            if (size != entry.bytes()) {
                throw new ConflictException(entry.file() + " is " + size + " bytes but the manifest says "
                        + entry.bytes() + "; the set is damaged (run verify)");
            }
        } catch (IOException e) {
            throw new PipelineException("cannot read " + entry.file() + ": " + e.getMessage(), e);
        }
    }

    private Result load(VectorTransaction tx, RestoreVectorBackupCommand cmd, Path dir, BackupTimestamp ts,
            List<TableName> selected, Manifest manifest, List<String> warnings, Partial partial) throws IOException {
        Map<TableName, TableShape> shapes = new LinkedHashMap<>();
        for (TableName t : selected) {
            shapes.put(t, tx.describe(t).orElseThrow(() -> new PipelineException("table " + t.display()
                    + " does not exist in " + store.describeDatabase() + "; create the LangChain tables first")));
        }
        BackupEncoding encoding = manifest == null ? BackupEncoding.CSV : manifest.encoding();
        Map<TableName, BinaryPlan> binaryPlans = new LinkedHashMap<>();
        if (encoding.format() == BackupFormat.BINARY) {
            for (TableName t : selected) {
                Manifest.TableEntry entry = manifest.table(t.display());
                binaryPlans.put(t, new BinaryPlan(t.display(), entry.columns().stream()
                        .map(c -> new TableShape.Column(c.name(), c.type(), c.notNull())).toList(), shapes.get(t)));
            }
        }
        Map<String, TruncateResult> truncates = new LinkedHashMap<>();
        List<RestoreReport.CollectionRestore> collectionResults = new ArrayList<>();
        Map<String, Long> removedByCollection = new LinkedHashMap<>();
        if (cmd.replace()) {
            long start = System.nanoTime();
            Map<TableName, Long> before = new LinkedHashMap<>();
            for (TableName t : selected) {
                before.put(t, tx.count(t));
            }
            // DELETE, not TRUNCATE: readers keep seeing the old rows until commit; embeddings before collections.
            // Exclusive: TRUNCATE (readers wait for the commit, the load goes into empty tables and indexes)
            if (cmd.exclusive()) {
                tx.truncateWaiting(selected);
            } else if (partial == null) {
                for (int i = selected.size() - 1; i >= 0; i--) {
                    tx.deleteAll(selected.get(i));
                }
            } else {
                Map<String, CollectionState> live = tx.langchain().collections();
                for (String name : partial.names()) {
                    CollectionState c = live.get(name);
                    if (c == null) {
                        removedByCollection.put(name, 0L);
                        continue;
                    }
                    List<String> uuids = new ArrayList<>(c.otherUuids());
                    uuids.add(c.uuid());
                    removedByCollection.put(name, tx.deleteMatching(tables.embedding(), "collection_id", uuids));
                }
                tx.deleteMatching(tables.collection(), "name", partial.names());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (TableName t : selected) {
                truncates.put(t.display(), new TruncateResult(true, before.get(t), tx.count(t), seconds, null));
            }
        }
        List<RestoreReport.TableRestore> restored = new ArrayList<>();
        Map<String, String> collectionRemap = Map.of();
        Map<String, Long> insertedByCollection = new LinkedHashMap<>();
        for (TableName t : selected) {
            long start = System.nanoTime();
            Manifest.TableEntry entry = manifest == null ? null : manifest.table(t.display());
            String file = entry == null ? names.csv(t, ts) : entry.file();
            Path path = dir.resolve(file);
            long size = Files.size(path);
            TableShape shape = shapes.get(t);
            boolean isCollection = t.equals(tables.collection());
            DataFiles.Reader[] reader = new DataFiles.Reader[1];
            long[] fileRows = {-1};
            String display = t.display();
            cmd.progress().started(display, entry == null ? -1 : entry.rows(), size);
            List<String> columns;
            List<TableShape.Column> streamColumns;
            List<VectorTransaction.ColumnMapping> mapping;
            boolean direct;
            VectorTransaction.RowSource body;
            CopyFormat copy;
            int fields = entry == null ? -1 : entry.columns().size();
            if (encoding.format() == BackupFormat.CSV) {
                List<String> header = BackupCatalog.scanHeader(path, encoding);
                RestorePlan plan = new RestorePlan(display, header, shape, manifest == null);
                warnings.addAll(plan.notes());
                columns = plan.columns();
                streamColumns = columns.stream().map(c -> shape.column(c).orElseThrow()).toList();
                mapping = columns.stream().map(VectorTransaction.ColumnMapping::same).toList();
                direct = true;
                copy = CopyFormat.CSV;
                body = plan.raw()
                        ? out -> {
                            try (DataFiles.Reader in = new DataFiles.Reader(path, encoding, fields)) {
                                reader[0] = in;
                                copyBytes(in, out, cmd.progress(), display, encoding.compression() == Compression.NONE);
                                in.drain();
                            }
                        }
                        : out -> {
                            try (DataFiles.Reader in = new DataFiles.Reader(path, encoding, fields)) {
                                reader[0] = in;
                                fileRows[0] = transform(in, plan, out, cmd.progress(), display);
                                in.drain();
                            }
                        };
            } else {
                BinaryPlan plan = binaryPlans.get(t);
                warnings.addAll(plan.notes());
                columns = entry.columns().stream().map(Manifest.ColumnEntry::name).toList();
                streamColumns = entry.columns().stream().map(c -> new TableShape.Column(c.name(), c.type(),
                        c.notNull())).toList();
                mapping = plan.mapping();
                direct = plan.direct();
                copy = CopyFormat.BINARY;
                body = out -> {
                    try (DataFiles.Reader in = new DataFiles.Reader(path, encoding, fields)) {
                        reader[0] = in;
                        copyBytes(in, out, cmd.progress(), display, false);
                        in.drain();
                    }
                };
            }
            VectorTransaction.RowFilter filter = partial == null ? null : isCollection
                    ? new VectorTransaction.RowFilter(streamName(streamColumns, "name"), java.util.Set.copyOf(partial.names()))
                    : new VectorTransaction.RowFilter("collection_id", partial.setUuidsSet());
            VectorTransaction.AppendOptions options = VectorTransaction.AppendOptions.NONE;
            if (!cmd.replace()) {
                options = isCollection
                        ? new VectorTransaction.AppendOptions(null, Map.of(), "name")
                        : new VectorTransaction.AppendOptions("collection_id", collectionRemap, null);
                if (isCollection && !shape.columnNames().contains("name")) {
                    options = VectorTransaction.AppendOptions.NONE;
                }
            }
            long staged;
            long inserted;
            long matched;
            VectorTransaction.AppendResult r = null;
            if (direct && filter == null && cmd.replace()) {
                inserted = tx.load(t, columns, copy, body);
                staged = inserted;
                matched = inserted;
            } else if (direct && filter == null) {
                r = tx.append(t, columns, copy, body, options);
                staged = r.staged();
                inserted = r.inserted();
                matched = r.matched();
            } else {
                r = tx.loadMapped(t, streamColumns, copy, body, mapping, filter, options, !cmd.replace());
                staged = r.staged();
                inserted = r.inserted();
                matched = r.matched();
                if (!isCollection && filter != null) {
                    Map<String, String> back = new LinkedHashMap<>();
                    collectionRemap.forEach((from, to) -> back.put(to, from));
                    r.insertedByFilterValue().forEach((uuid, n) -> insertedByCollection.merge(
                            partial.nameOf(back.getOrDefault(uuid, uuid)), n, Long::sum));
                }
            }
            if (r != null && isCollection && !r.remapped().isEmpty()) {
                collectionRemap = r.remapped();
                warnings.add(r.remapped().size() + " collection(s) already exist under another uuid with the same "
                        + "name; their embeddings were attached to the existing collection rows");
            }
            DataFiles.Reader in = reader[0];
            long rows = in != null && in.rows() >= 0 ? in.rows() : fileRows[0] >= 0 ? fileRows[0] : staged;
            if (entry != null) {
                // what verify checks, before the commit: a mismatch rolls the whole restore back
                ManifestCheck.require(display, entry, new ManifestCheck.Facts(Files.size(path),
                        in == null ? null : in.storedSha256(), in == null ? null : in.contentSha256(), rows));
                if (entry.rows() != staged) {
                    ManifestCheck.require(display, entry, new ManifestCheck.Facts(-1, null, null, staged));
                }
            }
            cmd.progress().finished(display, rows, size);
            double seconds = (System.nanoTime() - start) / 1e9;
            restored.add(new RestoreReport.TableRestore(display, file, size, staged, inserted, matched - inserted,
                    seconds));
            LOG.info("restored table={} format={} rows_in_file={} inserted={}", display, encoding, staged, inserted);
        }
        if (partial != null) {
            for (String name : partial.names()) {
                collectionResults.add(new RestoreReport.CollectionRestore(name, insertedByCollection.getOrDefault(name, 0L),
                        cmd.replace() ? removedByCollection.getOrDefault(name, 0L) : 0L));
            }
        }
        return new Result(restored, truncates, collectionResults);
    }

    private static String streamName(List<TableShape.Column> columns, String name) {
        return columns.stream().map(TableShape.Column::name).filter(name::equals).findFirst().orElse(name);
    }

    private static void copyBytes(InputStream in, OutputStream out, TransferProgress progress, String table,
            boolean chunks) throws IOException {
        byte[] buf = new byte[CHUNK];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (n > 0) {
                out.write(buf, 0, n);
                if (chunks) {
                    progress.chunk(table, buf, 0, n);
                } else {
                    progress.transferred(table, n);
                }
            }
        }
    }

    private static long transform(InputStream source, RestorePlan plan, OutputStream out, TransferProgress progress,
            String table) throws IOException {
        long rows = 0;
        InputStream in = new ProgressInputStream(source, progress, table);
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        // not closed: the caller drains and closes the source, so the digests see every byte
        @SuppressWarnings("resource")
        CSVParser parser = READ.parse(reader);
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), CHUNK);
        CSVPrinter printer = new CSVPrinter(writer, WRITE);
        printer.printRecord(plan.columns());
        Iterator<CSVRecord> it = parser.iterator();
        if (it.hasNext()) {
            it.next();
        }
        while (it.hasNext()) {
            CSVRecord record = it.next();
            List<String> values;
            try {
                values = plan.transform(record.toList());
            } catch (IllegalArgumentException e) {
                throw new PipelineException(table + " record " + (rows + 1) + " (line " + parser.getCurrentLineNumber()
                        + "): metadata is neither JSON nor a Python literal: " + e.getMessage(), e);
            }
            printer.printRecord(values);
            rows++;
        }
        printer.flush();
        return rows;
    }

    /** Reports bytes read to a progress receiver. */
    private static final class ProgressInputStream extends java.io.FilterInputStream {
        private final TransferProgress progress;
        private final String table;

        ProgressInputStream(InputStream in, TransferProgress progress, String table) {
            super(in);
            this.progress = progress;
            this.table = table;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                progress.chunk(table, b, off, n);
            }
            return n;
        }
    }
}
