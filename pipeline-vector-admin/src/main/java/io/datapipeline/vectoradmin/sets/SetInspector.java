package io.datapipeline.vectoradmin.sets;

import io.datapipeline.vectoradmin.sets.BackupFileNames.SetFiles;
import io.datapipeline.vectoradmin.port.CommitStatus;
import io.datapipeline.core.vector.BackupSetState;
import io.datapipeline.core.vector.CommitOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Decides the state of a backup set from its files: complete only when every file and the manifest are in
 * place and its transaction committed; incomplete when interrupted, rolled back or unsettled; damaged when the
 * manifest or outcome record cannot be trusted. Never throws for a bad set: one bad set must not hide the
 * others.
 */
public final class SetInspector {

    /**
     * What was found.
     *
     * @param state         the state
     * @param reason        why it is not complete, or {@code null}
     * @param manifest      the manifest, or {@code null} (none, or damaged)
     * @param outcome       the recorded outcome, or {@code null}
     * @param commitOutcome the outcome as far as known (recorded, or resolved), or {@code null}
     * @param resolved      the database status asked for an unsettled set, or {@code null} when not asked
     * @param legacy        a set without manifest (the original tool's)
     */
    public record Inspection(BackupSetState state, String reason, Manifest manifest, SetOutcome outcome,
            CommitOutcome commitOutcome, CommitStatus resolved, boolean legacy) {

        /** A set whose files cannot be trusted. */
        static Inspection damaged(String reason, Manifest manifest) {
            return new Inspection(BackupSetState.DAMAGED, reason, manifest, null, null, null, false);
        }

        /** A set without manifest: the original tool's when its files are there, else one interrupted early. */
        static Inspection withoutManifest(BackupSetState state, String reason, boolean legacy) {
            return new Inspection(state, reason, null, null, null, null, legacy);
        }

        boolean truncated() {
            if (manifest != null && manifest.isV1()) {
                return Boolean.TRUE.equals(manifest.truncated());
            }
            return outcome != null && commitOutcome == CommitOutcome.COMMITTED && outcome.truncated()
                    || resolved == CommitStatus.COMMITTED && manifest != null && manifest.truncateRequested();
        }
    }

    private final BackupFileNames names;
    private final DataDirectory dataDir;

    public SetInspector(BackupFileNames names, DataDirectory dataDir) {
        this.names = names;
        this.dataDir = dataDir;
    }

    /**
     * @param resolver asks the database what became of a set's transaction; may answer {@link CommitStatus#UNKNOWN}
     */
    Inspection inspect(Path dir, SetFiles files, Function<Manifest, CommitStatus> resolver) {
        String outside = outsideFile(dir, files);
        if (outside != null) {
            return Inspection.damaged(outside, null);
        }
        if (!files.hasManifest()) {
            return withoutManifest(files);
        }
        Manifest manifest;
        try {
            manifest = Manifest.read(dir.resolve(names.manifest(files.timestamp())), files.timestamp());
        } catch (IOException | RuntimeException e) {
            return Inspection.damaged(names.manifest(files.timestamp()) + " cannot be used: " + Failures.message(e),
                    null);
        }
        SetOutcome outcome = null;
        if (files.hasOutcome()) {
            try {
                outcome = SetOutcome.read(dir.resolve(names.outcome(files.timestamp())), files.timestamp());
            } catch (IOException | RuntimeException e) {
                return Inspection.damaged(names.outcome(files.timestamp()) + " cannot be used: " + Failures.message(e),
                        manifest);
            }
        }
        List<String> missing = manifest.tables().stream().map(Manifest.TableEntry::file).filter(f -> !files.has(f))
                .toList();
        if (manifest.isV1()) {
            return missing.isEmpty()
                    ? new Inspection(BackupSetState.COMPLETE, null, manifest, null, CommitOutcome.COMMITTED, null, false)
                    : new Inspection(BackupSetState.INCOMPLETE, "missing " + String.join(", ", missing), manifest, null,
                            null, null, false);
        }
        if (!missing.isEmpty()) {
            return missingFiles(manifest, outcome, missing);
        }
        if (outcome != null && outcome.commitOutcome() != CommitOutcome.UNKNOWN) {
            return settled(manifest, outcome, outcome.commitOutcome(), null);
        }
        if (manifest.transactionId() == null) {
            // a read-only snapshot: complete as soon as its files are in place, whatever became of the session
            return new Inspection(BackupSetState.COMPLETE, null, manifest, outcome, CommitOutcome.COMMITTED, null, false);
        }
        return byTransaction(manifest, outcome, resolver.apply(manifest));
    }

    /** A set without manifest: being written or interrupted (reserved, {@code .tmp}), the original tool's, or partial. */
    private static Inspection withoutManifest(SetFiles files) {
        if (files.reserved() || files.hasTemporaryFiles()) {
            return Inspection.withoutManifest(BackupSetState.INCOMPLETE, "being written, or interrupted before its "
                    + "manifest was written (the store was not changed by it)", false);
        }
        List<String> missing = files.missingDataFiles();
        if (!missing.isEmpty()) {
            return Inspection.withoutManifest(BackupSetState.INCOMPLETE, "missing " + String.join(", ", missing), true);
        }
        return Inspection.withoutManifest(BackupSetState.COMPLETE, null, true);
    }

    /** A set some of whose data files are not in place, with what its transaction's outcome says about the store. */
    private static Inspection missingFiles(Manifest manifest, SetOutcome outcome, List<String> missing) {
        CommitOutcome recorded = outcome == null ? null : outcome.commitOutcome();
        String what = recorded == CommitOutcome.COMMITTED ? "its transaction committed, but files were removed since"
                : recorded == null && manifest.transactionId() == null ? "a read-only backup; nothing was changed"
                : "interrupted before every file was in place: its transaction cannot have committed, so the store "
                        + "was not changed by it";
        return new Inspection(BackupSetState.INCOMPLETE, "missing " + String.join(", ", missing) + " (" + what + ")",
                manifest, outcome, recorded == null ? CommitOutcome.ROLLED_BACK : recorded, null, false);
    }

    /** An unsettled set whose files are in place: what the database says of its transaction decides. */
    private static Inspection byTransaction(Manifest manifest, SetOutcome outcome, CommitStatus status) {
        return switch (status) {
            case COMMITTED -> new Inspection(BackupSetState.COMPLETE, null, manifest, outcome, CommitOutcome.COMMITTED,
                    status, false);
            case ABORTED -> new Inspection(BackupSetState.INCOMPLETE, rolledBackReason(manifest), manifest, outcome,
                    CommitOutcome.ROLLED_BACK, status, false);
            case IN_PROGRESS -> new Inspection(BackupSetState.INCOMPLETE, "being written: its transaction "
                    + manifest.transactionId() + " is still in progress", manifest, outcome, CommitOutcome.UNKNOWN, status,
                    false);
            case UNKNOWN -> new Inspection(BackupSetState.INCOMPLETE, unknownReason(manifest), manifest, outcome,
                    CommitOutcome.UNKNOWN, status, false);
        };
    }

    private Inspection settled(Manifest manifest, SetOutcome outcome, CommitOutcome o, CommitStatus resolved) {
        if (o == CommitOutcome.COMMITTED) {
            return new Inspection(BackupSetState.COMPLETE, null, manifest, outcome, o, resolved, false);
        }
        return new Inspection(BackupSetState.INCOMPLETE, rolledBackReason(manifest), manifest, outcome, o, resolved,
                false);
    }

    static String rolledBackReason(Manifest m) {
        return "the " + m.operation() + " that took it rolled back (the store was not changed by it); its files are a "
                + "complete snapshot of the store before that " + m.operation() + " (restore only with force)";
    }

    static String unknownReason(Manifest m) {
        return "the outcome of its transaction " + m.transactionId() + " is unknown (the answer to COMMIT was lost, or "
                + "the process stopped around the commit): ask the database with SELECT pg_xact_status('"
                + m.transactionId() + "'); the next backup in this folder settles it when the database can tell";
    }

    /** A file of the set that is a link leading outside the data directory, described; or {@code null}. */
    private String outsideFile(Path dir, SetFiles files) {
        for (String name : files.names()) {
            if (!dataDir.staysInside(dir.resolve(name))) {
                return name + " resolves outside the data directory; refusing to use the set";
            }
        }
        return null;
    }
}
