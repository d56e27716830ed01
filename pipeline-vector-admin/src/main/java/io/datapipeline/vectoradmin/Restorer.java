package io.datapipeline.vectoradmin;

import io.datapipeline.vectoradmin.sets.BackupCatalog;
import io.datapipeline.vectoradmin.sets.BackupFileNames;
import io.datapipeline.vectoradmin.sets.DataDirectory;
import io.datapipeline.vectoradmin.sets.Failures;
import io.datapipeline.vectoradmin.sets.Manifest;
import io.datapipeline.vectoradmin.sets.SetInspector;
import io.datapipeline.vectoradmin.sets.SetLock;
import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.in.RestoreVectorBackupCommand;
import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.vectoradmin.port.TransactionMode;
import io.datapipeline.vectoradmin.port.TransactionOutcome;
import io.datapipeline.vectoradmin.port.VectorStoreSession;
import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.vector.BackupSetState;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.vectoradmin.port.VectorTransaction;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.TruncateResult;
import io.datapipeline.core.vector.VectorTables;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
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
        Job job = prepare(cmd);
        LOG.info("vector restore started: location={} timestamp={} tables={} mode={}", cmd.location(), job.ts(),
                job.selected(), cmd.exclusive() ? "replace (exclusive: TRUNCATE, readers wait until the commit)"
                        : cmd.replace() ? "replace" : "append");
        TransactionOutcome<Result> outcome;
        SetLock setLock = SetLock.tryAcquire(job.dir(), job.ts()).orElseThrow(() -> new BusyException("backup set "
                + job.ts() + " of " + cmd.location() + " is being deleted or restored by another process; nothing was "
                + "changed; retry later"));
        try (setLock; VectorStoreSession session = store.openSession("vector restore", cmd.lockWait())) {
            outcome = session.transaction(TransactionMode.WRITE, tx -> {
                // missing LangChain tables are created as a load creates them, in this transaction (a failed
                // restore leaves none behind); the set brings its own collection rows
                List<String> created = tx.langchain().ensure(List.of());
                if (!created.isEmpty()) {
                    job.warnings().add("created what the store lacked, as langchain_postgres creates it: "
                            + String.join(", ", created));
                }
                guard(tx, job);
                return load(tx, job);
            });
        }
        return report(job, outcome, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Everything decided before the transaction: the tables, the set (located, its state checked: a damaged set is
     * refused, an incomplete one restored only when forced), its manifest and files' sizes, the named collections.
     */
    private Job prepare(RestoreVectorBackupCommand cmd) {
        List<TableName> selected = tables.select(cmd.tables());
        if (cmd.replace() && selected.contains(tables.collection()) && !selected.contains(tables.embedding())) {
            throw InvalidInputException.invalid("tables", "replacing " + tables.collection().display()
                    + " alone would orphan or cascade-delete " + tables.embedding().display()
                    + "; restore both tables, or append (without truncate_before_restore)");
        }
        BackupTimestamp ts = cmd.timestamp();
        BackupCatalog.Located set = catalog.locate(cmd.location(), ts, selected);
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
        Manifest manifest = in.manifest();
        if (manifest == null) {
            warnings.add("set " + ts + " has no manifest (made by the original Python tool?): restored without checksum "
                    + "verification; CRLF line ends, Python-literal metadata and empty fields (NULL) are converted");
        } else {
            selected.forEach(t -> checkBeforeStart(manifest, set.dir(), t, ts));
        }
        Partial partial = cmd.collections() == null ? null : partial(cmd.collections(), manifest, set.dir(), ts);
        return new Job(cmd, set.dir(), ts, selected, manifest, warnings, partial);
    }

    /** The report of the restore's transaction: committed, unknown (the answer to COMMIT was lost) or rolled back. */
    private RestoreReport report(Job job, TransactionOutcome<Result> outcome, double duration) {
        RestoreVectorBackupCommand cmd = job.cmd();
        BackupTimestamp ts = job.ts();
        String location = cmd.location().taskId().map(Object::toString).orElse("global");
        boolean legacy = job.manifest() == null;
        List<String> warnings = job.warnings();
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
    private void guard(VectorTransaction tx, Job job) {
        RestoreVectorBackupCommand cmd = job.cmd();
        Manifest manifest = job.manifest();
        List<String> warnings = job.warnings();
        Partial partial = job.partial();
        if (cmd.replace() && partial == null || !job.selected().contains(tables.embedding())) {
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
                    CSVParser parser = TableStream.READ.parse(reader)) {
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

    /** What one restore works with, settled before its transaction starts. */
    private record Job(RestoreVectorBackupCommand cmd, Path dir, BackupTimestamp ts, List<TableName> selected,
            Manifest manifest, List<String> warnings, Partial partial) {
        BackupEncoding encoding() {
            return manifest == null ? BackupEncoding.CSV : manifest.encoding();
        }
    }

    private Result load(VectorTransaction tx, Job job) throws IOException {
        // every stream is planned before anything is removed: a set the tables cannot take is refused untouched
        Map<TableName, Planned> streams = new LinkedHashMap<>();
        Retype retype = null;
        for (TableName t : job.selected()) {
            TableShape target = tx.describe(t).orElseThrow(() -> new PipelineException("table " + t.display()
                    + " does not exist in " + store.describeDatabase() + "; create the LangChain tables first"));
            Manifest.TableEntry entry = job.manifest() == null ? null : job.manifest().table(t.display());
            if (t.equals(tables.embedding()) && (retype = retypeFor(job, entry, target)) != null) {
                target = withEmbeddingType(target, retype);
            }
            Path path = job.dir().resolve(entry == null ? names.csv(t, job.ts()) : entry.file());
            streams.put(t, new Planned(TableStream.intoLiveTable(new TableStream.Source(t.display(), path, entry,
                    job.encoding()), target, job.manifest() == null, job.warnings()), target));
        }
        Map<String, Long> removedByCollection = new LinkedHashMap<>();
        Map<String, TruncateResult> truncates = job.cmd().replace() ? removeOld(tx, job, removedByCollection) : Map.of();
        if (retype != null) {
            String before = tx.describe(tables.embedding()).flatMap(s -> s.column("embedding"))
                    .map(TableShape.Column::type).orElse("?");
            tx.langchain().retypeEmbedding(retype.dimension());
            job.warnings().add("the embedding column's type was changed from " + before + " to the set's "
                    + retype.type() + " (the set's vectors have another dimension, e.g. a restore from before a "
                    + "re-embed); readers wait for the commit from that change on");
        }
        List<RestoreReport.TableRestore> restored = new ArrayList<>();
        Map<String, String> collectionRemap = Map.of();
        Map<String, Long> insertedByCollection = new LinkedHashMap<>();
        for (Map.Entry<TableName, Planned> e : streams.entrySet()) {
            TableLoad loaded = loadTable(tx, job, e.getKey(), e.getValue(), collectionRemap, insertedByCollection);
            if (!loaded.remapped().isEmpty()) {
                collectionRemap = loaded.remapped();
                job.warnings().add(loaded.remapped().size() + " collection(s) already exist under another uuid with the "
                        + "same name; their embeddings were attached to the existing collection rows");
            }
            restored.add(loaded.report());
        }
        List<RestoreReport.CollectionRestore> collectionResults = new ArrayList<>();
        if (job.partial() != null) {
            for (String name : job.partial().names()) {
                collectionResults.add(new RestoreReport.CollectionRestore(name, insertedByCollection.getOrDefault(name,
                        0L), job.cmd().replace() ? removedByCollection.getOrDefault(name, 0L) : 0L));
            }
        }
        return new Result(restored, truncates, collectionResults);
    }

    /**
     * A replace's removal of what the set replaces, in the restore's transaction: {@code DELETE}, so readers keep
     * seeing the old rows until the commit (embeddings before collections); an exclusive replace {@code TRUNCATE}s
     * (readers wait for the commit, the load goes into empty tables and indexes); a partial one deletes only the named
     * collections' rows, counting them per collection into {@code removedByCollection}.
     */
    private Map<String, TruncateResult> removeOld(VectorTransaction tx, Job job, Map<String, Long> removedByCollection) {
        long start = System.nanoTime();
        List<TableName> selected = job.selected();
        Map<TableName, Long> before = new LinkedHashMap<>();
        for (TableName t : selected) {
            before.put(t, tx.count(t));
        }
        if (job.cmd().exclusive()) {
            tx.truncateWaiting(selected);
        } else if (job.partial() == null) {
            for (int i = selected.size() - 1; i >= 0; i--) {
                tx.deleteAll(selected.get(i));
            }
        } else {
            Map<String, CollectionState> live = tx.langchain().collections();
            for (String name : job.partial().names()) {
                CollectionState c = live.get(name);
                if (c == null) {
                    removedByCollection.put(name, 0L);
                    continue;
                }
                List<String> uuids = new ArrayList<>(c.otherUuids());
                uuids.add(c.uuid());
                removedByCollection.put(name, tx.deleteMatching(tables.embedding(), "collection_id", uuids));
            }
            tx.deleteMatching(tables.collection(), "name", job.partial().names());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, TruncateResult> truncates = new LinkedHashMap<>();
        for (TableName t : selected) {
            truncates.put(t.display(), new TruncateResult(true, before.get(t), tx.count(t), seconds, null));
        }
        return truncates;
    }

    /**
     * When a replace of the whole embedding table brings vectors of another fixed dimension than the live column's (a
     * set taken before a re-embed), the column takes the set's type; {@code null} when the column stays as it is.
     */
    private static Retype retypeFor(Job job, Manifest.TableEntry entry, TableShape target) {
        if (!job.cmd().replace() || job.partial() != null || entry == null) {
            return null;
        }
        Optional<TableShape.Column> live = target.column("embedding");
        Optional<TableShape.Column> set = entry.columns().stream().filter(c -> c.name().equals("embedding"))
                .map(c -> new TableShape.Column(c.name(), c.type(), c.notNull())).findFirst();
        if (live.isEmpty() || set.isEmpty() || !live.get().type().startsWith("vector")
                || !set.get().type().startsWith("vector")) {
            return null;
        }
        Optional<Integer> liveDim = live.get().fixedDimension();
        Optional<Integer> setDim = set.get().fixedDimension();
        return liveDim.isPresent() && !liveDim.equals(setDim) ? new Retype(setDim.orElse(null)) : null;
    }

    /** The embedding column's new type: {@code vector(dimension)}, or {@code vector} when {@code dimension} is null. */
    private record Retype(Integer dimension) {
        String type() {
            return dimension == null ? "vector" : "vector(" + dimension + ")";
        }
    }

    private static TableShape withEmbeddingType(TableShape shape, Retype retype) {
        List<TableShape.Column> columns = new ArrayList<>();
        for (TableShape.Column c : shape.columns()) {
            columns.add(c.name().equals("embedding") ? new TableShape.Column(c.name(), retype.type(), c.notNull()) : c);
        }
        return new TableShape(shape.table(), columns, shape.primaryKey(), shape.estimatedRows());
    }

    /** A table's stream and the live table it goes into. */
    private record Planned(TableStream stream, TableShape target) {
    }

    /**
     * One table loaded.
     *
     * @param report   its line in the report
     * @param remapped collection uuids of the set → the store's uuid of the same name (appending collections)
     */
    private record TableLoad(RestoreReport.TableRestore report, Map<String, String> remapped) {
    }

    /**
     * Streams one table into the store the way the job asks: straight in for a replace, keys skipped for an append, or
     * through a staging table for a mapping or a partial restore; then checks what was read against the manifest.
     */
    private TableLoad loadTable(VectorTransaction tx, Job job, TableName t, Planned planned,
            Map<String, String> collectionRemap, Map<String, Long> insertedByCollection) throws IOException {
        long start = System.nanoTime();
        TableStream stream = planned.stream();
        String display = t.display();
        long size = stream.size();
        Manifest.TableEntry entry = stream.source().entry();
        TableStream.Shape shape = stream.shape();
        boolean isCollection = t.equals(tables.collection());
        boolean replace = job.cmd().replace();
        Partial partial = job.partial();
        job.cmd().progress().started(display, entry == null ? -1 : entry.rows(), size);
        VectorTransaction.RowSource body = stream.body(job.cmd().progress());
        VectorTransaction.RowFilter filter = partial == null ? null : isCollection
                ? new VectorTransaction.RowFilter(streamName(shape.streamColumns(), "name"), java.util.Set.copyOf(partial.names()))
                : new VectorTransaction.RowFilter("collection_id", partial.setUuidsSet());
        VectorTransaction.AppendResult r;
        if (shape.direct() && filter == null && replace) {
            long inserted = tx.load(t, shape.columns(), shape.copy(), body);
            r = new VectorTransaction.AppendResult(inserted, inserted, Map.of(), inserted, Map.of());
        } else if (shape.direct() && filter == null) {
            r = tx.append(t, shape.columns(), shape.copy(), body, appendOptions(planned.target(), isCollection, collectionRemap));
        } else {
            r = tx.loadMapped(t, shape.streamColumns(), shape.copy(), body, shape.mapping(), filter, replace
                    ? VectorTransaction.AppendOptions.NONE : appendOptions(planned.target(), isCollection, collectionRemap),
                    !replace);
            if (!isCollection && filter != null) {
                Map<String, String> back = new LinkedHashMap<>();
                collectionRemap.forEach((from, to) -> back.put(to, from));
                r.insertedByFilterValue().forEach((uuid, n) -> insertedByCollection.merge(
                        partial.nameOf(back.getOrDefault(uuid, uuid)), n, Long::sum));
            }
        }
        stream.check(r.staged());
        long rows = stream.rowsRead(r.staged());
        job.cmd().progress().finished(display, rows, size);
        LOG.info("restored table={} format={} rows_in_file={} inserted={}", display, job.encoding(), r.staged(),
                r.inserted());
        String file = stream.source().path().getFileName().toString();
        return new TableLoad(new RestoreReport.TableRestore(display, file, size, r.staged(), r.inserted(),
                r.matched() - r.inserted(), (System.nanoTime() - start) / 1e9),
                isCollection ? r.remapped() : Map.of());
    }

    /** An append skips rows whose key exists; collections are matched by name and embeddings follow the remap. */
    private static VectorTransaction.AppendOptions appendOptions(TableShape target, boolean isCollection,
            Map<String, String> collectionRemap) {
        if (!isCollection) {
            return new VectorTransaction.AppendOptions("collection_id", collectionRemap, null);
        }
        return target.columnNames().contains("name") ? new VectorTransaction.AppendOptions(null, Map.of(), "name")
                : VectorTransaction.AppendOptions.NONE;
    }

    private static String streamName(List<TableShape.Column> columns, String name) {
        return columns.stream().map(TableShape.Column::name).filter(name::equals).findFirst().orElse(name);
    }
}
