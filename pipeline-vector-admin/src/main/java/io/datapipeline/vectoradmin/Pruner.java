package io.datapipeline.vectoradmin;

import io.datapipeline.vectoradmin.sets.BackupCatalog;
import io.datapipeline.vectoradmin.sets.BackupFileNames;
import io.datapipeline.vectoradmin.sets.DataDirectory;
import io.datapipeline.vectoradmin.sets.Durable;
import io.datapipeline.vectoradmin.sets.Failures;
import io.datapipeline.vectoradmin.sets.FolderLock;
import io.datapipeline.vectoradmin.sets.BackupFileNames.SetFiles;
import io.datapipeline.vectoradmin.sets.SetLock;
import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.port.in.PruneVectorBackupsCommand;
import io.datapipeline.core.vector.BackupListing;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.BackupSetInfo;
import io.datapipeline.core.vector.BackupSetState;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.PruneReport;
import io.datapipeline.core.vector.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: which sets a prune removes and which it must keep, and deleting them. The plan is made under the
 * folder lock, which a backup holds from its start until its commit's outcome is recorded: no set is being
 * written while it is made, so a reserved or half-written set found there is a leftover of a stopped process. The
 * same plan is computed for a dry run and for {@code apply}, so an apply deletes what the dry run listed when
 * nothing changed in between.
 */
final class Pruner {

    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

    private final BackupCatalog catalog;
    private final Verifier verifier;
    private final BackupFileNames names;
    private final DataDirectory dataDir;
    private final Clock clock;
    private final Predicate<String> executionRunning;

    /** @param executionRunning whether a task execution (by id) is still running */
    Pruner(BackupCatalog catalog, Verifier verifier, BackupFileNames names, DataDirectory dataDir, Clock clock,
            Predicate<String> executionRunning) {
        this.catalog = catalog;
        this.verifier = verifier;
        this.names = names;
        this.dataDir = dataDir;
        this.clock = clock;
        this.executionRunning = executionRunning;
    }

    PruneReport prune(PruneVectorBackupsCommand cmd) {
        BackupListing listing = catalog.list(cmd.location().flatMap(BackupLocation::taskId),
                cmd.location().isPresent() && cmd.location().get().taskId().isEmpty());
        List<PruneReport.Entry> selected = new ArrayList<>();
        List<PruneReport.Entry> kept = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (BackupListing.Location l : listing.locations()) {
            BackupLocation location = l.taskId() == null ? BackupLocation.global()
                    : BackupLocation.ofTask(new io.datapipeline.core.domain.TaskId(l.taskId()));
            Path dir = dataDir.locationDir(location);
            FolderLock folder;
            try {
                folder = FolderLock.acquire(dir, Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                // a backup is being written there (it holds the folder from its start to its commit's outcome)
                skipped.add(location + ": " + Failures.message(e));
                continue;
            }
            try (folder) {
                // the listing again, under the folder lock: what is deleted is what this plan says
                List<BackupSetInfo> sets = catalog.list(location.taskId(), location.taskId().isEmpty()).locations()
                        .stream().filter(x -> java.util.Objects.equals(x.taskId(), l.taskId())).findFirst()
                        .map(BackupListing.Location::backups).orElse(List.of());
                List<PruneReport.Entry> mine = new ArrayList<>();
                plan(location, dir, sets, cmd, mine, kept);
                if (!cmd.apply()) {
                    selected.addAll(mine);
                    continue;
                }
                for (PruneReport.Entry e : mine) {
                    Optional<String> refused = deleteSet(dir, new BackupTimestamp(e.timestamp()));
                    if (refused.isPresent()) {
                        kept.add(new PruneReport.Entry(e.location(), e.timestamp(), e.state(), e.bytes(), refused.get()));
                    } else {
                        selected.add(e);
                    }
                }
            } catch (RuntimeException e) {
                errors.add(location + ": " + Failures.message(e));
            }
        }
        PruneReport report = new PruneReport(cmd.apply(), selected, kept, skipped, errors);
        if (cmd.apply()) {
            LOG.info("vector prune: deleted {} set(s), {} bytes; kept {} protected; errors {}", selected.size(),
                    report.bytes(), kept.size(), errors);
        }
        return report;
    }

    PruneReport delete(BackupLocation location, BackupTimestamp ts) {
        Path dir = dataDir.locationDir(location);
        List<BackupSetInfo> sets = catalog.list(location.taskId(), location.taskId().isEmpty()).locations().stream()
                .filter(x -> java.util.Objects.equals(x.taskId(), location.taskId().map(Object::toString).orElse(null)))
                .findFirst().map(BackupListing.Location::backups).orElse(List.of());
        BackupSetInfo set = sets.stream().filter(s -> s.timestamp().equals(ts.value())).findFirst()
                .orElseThrow(() -> new NotFoundException("backup set " + ts + " of " + location + " not found"));
        try (FolderLock folder = FolderLock.acquire(dir, Duration.ofSeconds(2))) {
            Optional<String> protection = protection(location, dir, set, newestVerified(location, sets));
            if (protection.isPresent()) {
                throw new ConflictException("backup set " + ts + " of " + location + " was not deleted: it is "
                        + protection.get());
            }
            Optional<String> refused = deleteSet(dir, ts);
            if (refused.isPresent()) {
                throw new ConflictException("backup set " + ts + " of " + location + " was not deleted: it is "
                        + refused.get());
            }
        }
        LOG.info("vector backup set deleted: location={} timestamp={} bytes={}", location, ts, set.bytes());
        return new PruneReport(true, List.of(entry(location, set, "deleted on request")), List.of(), List.of(),
                List.of());
    }

    private void plan(BackupLocation location, Path dir, List<BackupSetInfo> sets, PruneVectorBackupsCommand cmd,
            List<PruneReport.Entry> selected, List<PruneReport.Entry> kept) {
        List<BackupSetInfo> newestFirst = new ArrayList<>(sets);
        newestFirst.sort(Comparator.comparing(BackupSetInfo::timestamp).reversed());
        String newest = newestVerified(location, newestFirst);
        int completeIndex = 0;
        LocalDateTime now = LocalDateTime.now(clock);
        for (BackupSetInfo set : newestFirst) {
            boolean complete = set.state() == BackupSetState.COMPLETE;
            boolean old = cmd.maxAge().map(a -> new BackupTimestamp(set.timestamp()).toLocalDateTime()
                    .isBefore(now.minus(a))).orElse(true);
            String why;
            if (complete) {
                boolean beyondKeep = cmd.keep().map(k -> false).orElse(true);
                if (cmd.keep().isPresent()) {
                    beyondKeep = completeIndex >= cmd.keep().get();
                }
                completeIndex++;
                if (cmd.keep().isEmpty() && cmd.maxAge().isEmpty() || !beyondKeep || !old) {
                    continue;
                }
                why = (cmd.keep().isPresent() ? "beyond the newest " + cmd.keep().get() + " complete sets" : "")
                        + (cmd.keep().isPresent() && cmd.maxAge().isPresent() ? " and " : "")
                        + (cmd.maxAge().isPresent() ? "older than " + human(cmd.maxAge().get()) : "");
            } else {
                if (!cmd.incomplete() || !old) {
                    continue;
                }
                why = set.state().wire() + (set.stateReason() == null ? "" : ": " + set.stateReason());
            }
            Optional<String> protection = protection(location, dir, set, newest);
            if (protection.isPresent()) {
                kept.add(entry(location, set, "kept: " + protection.get()));
            } else {
                selected.add(entry(location, set, why));
            }
        }
    }

    /** Why a set must not be deleted, or empty. */
    private Optional<String> protection(BackupLocation location, Path dir, BackupSetInfo set, String newestVerified) {
        if (set.timestamp().equals(newestVerified)) {
            return Optional.of("the newest complete, verified set of " + location);
        }
        if (set.commitOutcome() == CommitOutcome.UNKNOWN) {
            return Optional.of("a set whose transaction's outcome is unknown: if it committed a truncate, this set "
                    + "holds the only copy of those rows (settle it first: the next backup in this folder asks the "
                    + "database)");
        }
        if (set.executionId() != null && executionRunning.test(set.executionId())) {
            return Optional.of("taken by execution " + set.executionId() + ", which is still running");
        }
        if (!Files.exists(dir.resolve(SetLock.PREFIX + set.timestamp()))) {
            // never restored: no lock file to hold (a restore starting now is caught when the set is deleted)
            return Optional.empty();
        }
        Optional<SetLock> lock = SetLock.tryAcquire(dir, new BackupTimestamp(set.timestamp()));
        if (lock.isEmpty()) {
            return Optional.of("being restored (or deleted) right now");
        }
        lock.get().close();
        return Optional.empty();
    }

    /** The timestamp of the newest complete set of a location that verifies, or {@code null}. */
    private String newestVerified(BackupLocation location, List<BackupSetInfo> sets) {
        List<BackupSetInfo> newestFirst = new ArrayList<>(sets);
        newestFirst.sort(Comparator.comparing(BackupSetInfo::timestamp).reversed());
        for (BackupSetInfo set : newestFirst) {
            if (set.state() != BackupSetState.COMPLETE) {
                continue;
            }
            try {
                VerifyReport v = verifier.verify(location, new BackupTimestamp(set.timestamp()), null);
                boolean legacyReadable = v.manifestFile() == null && v.tables().stream().allMatch(t -> t.actualRows() >= 0);
                if (v.ok() || legacyReadable) {
                    return set.timestamp();
                }
            } catch (RuntimeException e) {
                LOG.warn("could not verify backup set {} of {}: {}", set.timestamp(), location, e.getMessage());
            }
        }
        return null;
    }

    /** Deletes every file of a set under its set lock; empty when done, else why not. */
    private Optional<String> deleteSet(Path dir, BackupTimestamp ts) {
        Optional<SetLock> lock = SetLock.tryAcquire(dir, ts);
        if (lock.isEmpty()) {
            return Optional.of("being restored (or deleted) right now");
        }
        try (SetLock held = lock.get()) {
            Map<BackupTimestamp, SetFiles> scanned = names.scan(dir);
            SetFiles files = scanned.get(ts);
            if (files == null) {
                return Optional.empty();
            }
            List<String> order = new ArrayList<>();
            // data first: a set interrupted halfway shows as incomplete (files missing), never as damaged
            files.names().stream().filter(n -> BackupFileNames.encodingOf(n) != null).forEach(order::add);
            files.names().stream().filter(n -> n.endsWith(BackupFileNames.TMP)).forEach(order::add);
            order.add(names.manifest(ts));
            order.add(names.outcome(ts));
            order.add(names.log(ts));
            files.names().stream().filter(n -> !order.contains(n)).forEach(order::add);
            for (String n : order) {
                Files.deleteIfExists(dataDir.file(dir, n));
            }
            Files.deleteIfExists(dir.resolve(SetLock.PREFIX + ts.value()));
            Durable.syncDirectory(dir);
            return Optional.empty();
        } catch (IOException e) {
            throw new PipelineException("cannot delete backup set " + ts + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static PruneReport.Entry entry(BackupLocation location, BackupSetInfo set, String reason) {
        return new PruneReport.Entry(location.taskId().map(Object::toString).orElse("global"), set.timestamp(),
                set.state(), set.bytes(), reason);
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
