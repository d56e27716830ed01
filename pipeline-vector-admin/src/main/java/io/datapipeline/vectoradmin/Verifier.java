package io.datapipeline.vectoradmin;

import io.datapipeline.vectoradmin.sets.BackupCatalog;
import io.datapipeline.vectoradmin.sets.BackupFileNames;
import io.datapipeline.vectoradmin.sets.Failures;
import io.datapipeline.vectoradmin.sets.Manifest;
import io.datapipeline.vectoradmin.sets.ManifestCheck;
import io.datapipeline.vectoradmin.sets.SetInspector;
import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.domain.BackupFormat;
import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.BackupSetState;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.core.vector.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a backup set against its manifest: every file re-read, its size, digests, rows and header compared
 * ({@link ManifestCheck}); and, when asked, a restore drill after the file checks.
 */
final class Verifier {

    private final VectorTables tables;
    private final BackupCatalog catalog;
    private final BackupFileNames names;

    Verifier(VectorTables tables, BackupCatalog catalog, BackupFileNames names) {
        this.tables = tables;
        this.catalog = catalog;
        this.names = names;
    }

    /** @param drill restores the set into scratch tables after the file checks, or {@code null} for none */
    VerifyReport verify(BackupLocation location, BackupTimestamp ts, RestoreDrill drill) {
        BackupCatalog.Located set = catalog.locate(location, ts, List.of());
        Path dir = set.dir();
        SetInspector.Inspection in = set.inspection();
        if (in.state() == BackupSetState.DAMAGED) {
            throw new ConflictException("backup set " + ts + " of " + location + " is damaged and cannot be verified: "
                    + in.reason());
        }
        Manifest manifest = in.manifest();
        List<VerifyReport.TableCheck> checks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (in.state() == BackupSetState.INCOMPLETE) {
            problems.add("the set is incomplete: " + in.reason());
        }
        if (manifest == null && in.legacy()) {
            // a set of the original Python tool: no manifest to hold it against, so it passes when every file parses
            warnings.add("no manifest " + names.manifest(ts) + ": the set was not written by this tool (e.g. by the "
                    + "original Python tool), so sizes and checksums cannot be verified; every file was parsed and its "
                    + "rows counted");
        }
        BackupEncoding encoding = manifest == null ? BackupEncoding.CSV : manifest.encoding();
        for (TableName t : tables.all()) {
            String file = catalog.fileOf(manifest, t, ts);
            Manifest.TableEntry entry = manifest == null ? null : manifest.table(t.display());
            if (manifest != null && entry == null) {
                problems.add(t.display() + ": not listed in the manifest");
            }
            checks.add(checkTable(t, dir.resolve(file), entry, encoding, problems));
        }
        VerifyReport report = new VerifyReport(location.taskId().map(Object::toString).orElse("global"), ts.value(),
                manifest == null ? null : names.manifest(ts), checks, problems, warnings);
        return drill == null ? report : report.withRestoreTest(drill.drill(location, ts, dir, manifest, report));
    }


    /** Re-reads one data file and holds it against its manifest entry; what does not match goes to {@code problems}. */
    private VerifyReport.TableCheck checkTable(TableName t, Path path, Manifest.TableEntry entry, BackupEncoding encoding,
            List<String> problems) {
        String file = path.getFileName().toString();
        long actualBytes = -1;
        String actualSha = null;
        String actualContentSha = null;
        long actualRows = -1;
        boolean headerOk = false;
        if (!Files.exists(path)) {
            problems.add(t.display() + ": " + file + " is missing");
        } else {
            try {
                actualBytes = Files.size(path);
                BackupCatalog.Scan scan = BackupCatalog.scan(path, encoding, entry == null ? -1 : entry.columns().size());
                actualSha = scan.sha256();
                actualRows = scan.rows();
                if (scan.parseError() != null) {
                    problems.add(t.display() + ": " + file + " is not a valid " + encoding + " file: "
                            + scan.parseError());
                } else if (entry == null && scan.header().isEmpty()) {
                    problems.add(t.display() + ": " + file + " has no header line (a legacy CSV file starts with "
                            + "the table's column names)");
                } else {
                    actualContentSha = scan.contentSha256();
                }
                headerOk = entry != null && (encoding.format() == BackupFormat.BINARY ? scan.parseError() == null
                        : scan.header().equals(entry.columns().stream().map(Manifest.ColumnEntry::name).toList()));
                if (entry != null && !headerOk && encoding.format() == BackupFormat.CSV) {
                    problems.add(t.display() + ": header " + scan.header() + " does not match the manifest's columns "
                            + entry.columns().stream().map(Manifest.ColumnEntry::name).toList());
                }
            } catch (IOException | RuntimeException e) {
                problems.add(t.display() + ": cannot read " + file + ": " + Failures.message(e));
            }
        }
        if (entry != null) {
            if (actualBytes < 0) {
                problems.add(t.display() + ": size " + actualBytes + " bytes, manifest says " + entry.bytes());
            }
            problems.addAll(ManifestCheck.problems(t.display(), entry, new ManifestCheck.Facts(actualBytes, actualSha,
                    actualContentSha, actualRows)));
        }
        return new VerifyReport.TableCheck(t.display(), file, entry == null ? -1 : entry.bytes(), actualBytes,
                entry == null ? null : entry.sha256(), actualSha, entry == null ? -1 : entry.rows(), actualRows, headerOk);
    }
}
