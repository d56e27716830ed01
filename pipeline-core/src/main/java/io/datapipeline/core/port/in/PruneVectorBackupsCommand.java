package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.vector.BackupLocation;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Remove old or unusable backup sets. Nothing is deleted unless {@code apply}; a dry run lists what would go.
 * Complete sets go when every given rule allows it (outside the newest {@code keep}, older than {@code maxAge});
 * incomplete and damaged sets go only with {@code incomplete} (and, with {@code maxAge}, only when older). Never
 * deleted: the newest complete set of a location that verifies, a set being written or restored, a set a running
 * execution took, and a set whose transaction's outcome is unknown (it may hold the only copy of a truncate's rows).
 *
 * @param location   one location, or empty for every location (global and every task)
 * @param keep       keep this many newest complete sets per location
 * @param maxAge     only sets older than this
 * @param incomplete also remove incomplete and damaged sets
 * @param apply      delete; without it, only report
 */
public record PruneVectorBackupsCommand(Optional<BackupLocation> location, Optional<Integer> keep,
        Optional<Duration> maxAge, boolean incomplete, boolean apply) {

    public PruneVectorBackupsCommand {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(keep, "keep");
        Objects.requireNonNull(maxAge, "maxAge");
        if (keep.isEmpty() && maxAge.isEmpty() && !incomplete) {
            throw InvalidInputException.missing("keep", "say what to prune: keep (the newest N complete sets), "
                    + "max_age (older than, e.g. 30d), incomplete (incomplete and damaged sets), or several");
        }
        if (keep.isPresent() && keep.get() < 1) {
            throw InvalidInputException.invalid("keep", "keep must be at least 1 (the newest complete set is never "
                    + "deleted anyway)");
        }
        if (maxAge.isPresent() && (maxAge.get().isNegative() || maxAge.get().isZero())) {
            throw InvalidInputException.invalid("max_age", "max_age must be positive");
        }
    }
}
