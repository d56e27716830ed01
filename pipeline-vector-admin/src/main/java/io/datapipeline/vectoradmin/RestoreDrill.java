package io.datapipeline.vectoradmin;

import io.datapipeline.vectoradmin.sets.ExportSink;
import io.datapipeline.vectoradmin.sets.Failures;
import io.datapipeline.vectoradmin.sets.Manifest;
import io.datapipeline.vectoradmin.sets.ManifestCheck;
import io.datapipeline.core.domain.BackupFormat;
import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.vectoradmin.port.CopyFormat;
import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.vectoradmin.port.VectorTransaction;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.VerifyReport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restore drill: loads a set's files into scratch tables (of the set's own column types) in the target
 * database, inside a transaction that always rolls back, then has the database give each table back in the same
 * format and compares row counts and the SHA-256 of what it gives with the manifest's digest of the COPY stream.
 * A set that passes is one the database can read back byte for byte. The live tables are only described, to
 * check that a binary set's columns can be mapped onto them.
 */
final class RestoreDrill {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreDrill.class);
    private static final int CHUNK = 1 << 20;

    private final VectorTableStore store;
    private final VectorTables tables;

    RestoreDrill(VectorTableStore store, VectorTables tables) {
        this.store = store;
        this.tables = tables;
    }

    VerifyReport.RestoreTest drill(BackupLocation location, BackupTimestamp ts, Path dir, Manifest manifest,
            VerifyReport verified) {
        long t0 = System.nanoTime();
        if (manifest == null) {
            return new VerifyReport.RestoreTest(false, "the set has no manifest (made by the original tool?): there is "
                    + "nothing to compare a restore with; restore it to check it", List.of(), seconds(t0));
        }
        if (!verified.problems().isEmpty()) {
            return new VerifyReport.RestoreTest(false, "not restored: the files do not match the manifest ("
                    + verified.problems().get(0) + ")", List.of(), seconds(t0));
        }
        List<VerifyReport.TableDrill> drilled = new ArrayList<>();
        BackupEncoding encoding = manifest.encoding();
        try {
            String mapping = store.rehearse("vector restore test", tx -> {
                for (TableName t : tables.all()) {
                    Manifest.TableEntry entry = manifest.table(t.display());
                    drilled.add(drillTable(tx, t, entry, dir.resolve(entry.file()), encoding));
                }
                return encoding.format() == BackupFormat.BINARY ? mappable(tx, manifest) : null;
            });
            for (VerifyReport.TableDrill d : drilled) {
                if (!d.matches()) {
                    return done(location, ts, false, d.table() + ": " + (d.rowsLoaded() != d.expectedRows()
                            ? d.rowsLoaded() + " rows loaded, the manifest lists " + d.expectedRows()
                            : "the database gave back content with sha256 " + d.contentSha256() + ", the manifest says "
                                    + d.expectedContentSha256()), drilled, t0);
                }
            }
            if (mapping != null) {
                return done(location, ts, false, mapping, drilled, t0);
            }
            return done(location, ts, true, null, drilled, t0);
        } catch (ManifestCheck.Mismatch e) {
            return done(location, ts, false, "not restored: the files do not match the manifest (" + e.problems() + ")",
                    drilled, t0);
        } catch (RuntimeException e) {
            return done(location, ts, false, "the database refused the set: " + Failures.message(e), drilled,
                    t0);
        }
    }

    private VerifyReport.TableDrill drillTable(VectorTransaction tx, TableName t, Manifest.TableEntry entry, Path file,
            BackupEncoding encoding) throws IOException {
        TableStream stream = TableStream.asStored(new TableStream.Source(t.display(), file, entry, encoding));
        TableStream.Shape shape = stream.shape();
        TableName scratch = tx.createScratchTable(VectorTables.fileStem(t), shape.streamColumns());
        List<String> names = shape.columns();
        CopyFormat copy = shape.copy();
        long loaded = tx.load(scratch, names, copy, stream.body(TransferProgress.NONE));
        // what verify checked, again on the bytes that went in: the file may have changed since
        stream.checkDigests();
        MessageDigest sha = ExportSink.sha256();
        tx.export(scratch, names, copy, new OutputStream() {
            @Override
            public void write(int b) {
                sha.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                sha.update(b, off, len);
            }
        });
        return new VerifyReport.TableDrill(t.display(), loaded, entry.rows(), HexFormat.of().formatHex(sha.digest()),
                entry.streamSha256());
    }

    /** Why a binary set cannot be loaded into the live tables, or {@code null} when it can (or they do not exist). */
    private String mappable(VectorTransaction tx, Manifest manifest) {
        for (TableName t : tables.all()) {
            Optional<TableShape> live = tx.describe(t);
            if (live.isEmpty()) {
                continue;
            }
            Manifest.TableEntry entry = manifest.table(t.display());
            try {
                new BinaryPlan(t.display(), entry.columns().stream()
                        .map(c -> new TableShape.Column(c.name(), c.type(), c.notNull())).toList(), live.get());
            } catch (ConflictException e) {
                return "the set loads into scratch tables but not into the live " + t.display() + ": " + e.getMessage();
            }
        }
        return null;
    }

    private static VerifyReport.RestoreTest done(BackupLocation location, BackupTimestamp ts, boolean ok, String reason,
            List<VerifyReport.TableDrill> drilled, long t0) {
        if (ok) {
            LOG.info("vector restore test passed: location={} timestamp={}", location, ts);
        } else {
            LOG.warn("vector restore test failed: location={} timestamp={} reason={}", location, ts, reason);
        }
        return new VerifyReport.RestoreTest(ok, reason, drilled, seconds(t0));
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
