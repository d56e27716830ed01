package io.datapipeline.cli.command;

import io.datapipeline.core.vector.BackupListing;
import io.datapipeline.core.vector.BackupSetInfo;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.DedupeReport;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.Sizes;
import io.datapipeline.core.vector.TableBackupResult;
import io.datapipeline.core.vector.TruncateResult;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VerifyReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Human-readable results on stdout (logs and progress go to stderr). */
final class Render {

    private Render() {
    }

    static void backup(PrintWriter out, VectorManagementReport r, List<String> order) {
        if (r.success()) {
            out.printf(Locale.ROOT, "backup set %s written to %s (%.2f s)%n", r.timestamp(), r.backupDirectory(), r.duration());
            for (String table : order) {
                TableBackupResult t = r.tablesBackedUp().get(table);
                if (t != null) {
                    out.printf(Locale.ROOT, "  %-24s %10d rows %12s  sha256 %s%n", table, t.rowCount(),
                            Sizes.human(t.fileBytes()), t.sha256());
                }
            }
            for (String table : order) {
                TruncateResult t = r.truncateResults().get(table);
                if (t != null) {
                    out.printf(Locale.ROOT, "truncated %s (%d rows removed, kept in the backup)%n", table, t.rowsBefore());
                }
            }
            out.println("manifest: " + r.manifestFile());
        } else if (r.commitOutcome() == CommitOutcome.UNKNOWN) {
            out.println("backup OUTCOME UNKNOWN: the answer to COMMIT was lost; backup set " + r.timestamp()
                    + " is kept in " + r.backupDirectory());
            r.errors().forEach(e -> out.println("  " + e));
        } else {
            out.println("backup FAILED and was rolled back; nothing was truncated and no file of the set was kept");
            r.errors().forEach(e -> out.println("  " + e));
        }
        r.warnings().forEach(w -> out.println("  warning: " + w));
        out.flush();
    }

    static void listing(PrintWriter out, BackupListing listing) {
        if (listing.locations().isEmpty()) {
            out.println("no backup sets found");
        }
        for (BackupListing.Location l : listing.locations()) {
            out.println(l.type().equals("global") ? "global (" + l.relativePath() + ")"
                    : "task " + l.taskId() + " (" + l.relativePath() + ")");
            for (BackupSetInfo s : l.backups()) {
                String rows = s.manifestFile() == null ? "legacy (no manifest): not checksummed"
                        : s.rowCounts().values().stream().mapToLong(Long::longValue).sum() + " rows";
                out.printf(Locale.ROOT, "  %s  %-10s %s  collection %s, embedding %s  %s%s%n", s.timestamp(),
                        s.state().wire(), s.backupDate(), Sizes.human(s.collectionSize()), Sizes.human(s.embeddingSize()),
                        rows, s.truncated() ? ", taken before a truncate" : "");
                if (s.stateReason() != null) {
                    out.println("      " + s.stateReason());
                }
            }
        }
        out.printf("%d backup set(s) in %d location(s)%n", listing.totalBackupSets(), listing.locations().size());
        out.flush();
    }

    static void verify(PrintWriter out, VerifyReport r) {
        out.println((r.ok() ? "OK " : "FAILED ") + r.location() + " " + r.timestamp() + ": " + r.summary());
        for (VerifyReport.TableCheck t : r.tables()) {
            String state = r.legacy() ? (t.parsed() ? "parsed" : "UNREADABLE") : t.ok() ? "ok" : "MISMATCH";
            out.printf(Locale.ROOT, "  %-24s %s  %d rows  %s  %s%n", t.table(), state, t.actualRows(),
                    Sizes.human(Math.max(0, t.actualBytes())), r.legacy() ? "not checksummed" : t.actualSha256());
        }
        r.problems().forEach(p -> out.println("  problem: " + p));
        r.warnings().forEach(w -> out.println("  warning: " + w));
        out.flush();
    }

    static void restore(PrintWriter out, RestoreReport r) {
        if (r.success()) {
            out.printf(Locale.ROOT, "restored %s %s (%s, %.2f s)%n", r.location(), r.timestamp(),
                    r.replace() ? "replace" : "append", r.duration());
            for (RestoreReport.TableRestore t : r.tables()) {
                out.printf(Locale.ROOT, "  %-24s %10d inserted %10d skipped (of %d in the file)%n", t.table(),
                        t.rowsInserted(), t.rowsSkipped(), t.rowsInFile());
            }
        } else if (r.commitOutcome() == CommitOutcome.UNKNOWN) {
            out.println("restore OUTCOME UNKNOWN: the answer to COMMIT was lost");
            r.errors().forEach(e -> out.println("  " + e));
        } else {
            out.println("restore FAILED; the tables are as they were");
            r.errors().forEach(e -> out.println("  " + e));
        }
        r.warnings().forEach(w -> out.println("  warning: " + w));
        out.flush();
    }

    static void dedupe(PrintWriter out, DedupeReport r, boolean apply) {
        if (r.total() == 0) {
            out.println("no duplicate (collection, document) rows found");
        } else if (!apply) {
            out.println("dry run: " + r.total() + " duplicate row(s) would be removed (one row of each document is kept); "
                    + "run with --apply to remove them after a backup");
        } else if (r.applied()) {
            out.println("removed " + r.total() + " duplicate row(s); backup set " + r.backup().timestamp()
                    + " in " + r.backup().backupDirectory() + " holds the store as it was");
        } else {
            out.println("dedupe FAILED: " + r.error());
        }
        r.duplicates().forEach((c, n) -> out.printf(Locale.ROOT, "  %-16s %d%n", c, n));
        out.flush();
    }

    static void prune(PrintWriter out, io.datapipeline.core.vector.PruneReport r) {
        if (r.selected().isEmpty()) {
            out.println(r.applied() ? "nothing deleted" : "dry run: nothing would be deleted");
        } else {
            out.println((r.applied() ? "deleted " : "dry run: would delete ") + r.selected().size() + " set(s), "
                    + Sizes.human(r.bytes()) + (r.applied() ? "" : "; run with --apply to delete them"));
        }
        r.selected().forEach(e -> out.printf(Locale.ROOT, "  %-8s %-32s %s  %-10s %s%n", r.applied() ? "deleted" : "delete",
                e.location(), e.timestamp(), e.state().wire(), e.reason()));
        r.kept().forEach(e -> out.printf(Locale.ROOT, "  %-8s %-32s %s  %-10s %s%n", "keep", e.location(), e.timestamp(),
                e.state().wire(), e.reason()));
        r.skipped().forEach(s -> out.println("  skipped: " + s));
        r.errors().forEach(s -> out.println("  error: " + s));
        out.flush();
    }

}
