package io.datapipeline.core.vector;

import io.datapipeline.core.domain.BackupEncoding;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How backup sets are written when a command does not say: the encoding (also of {@code training_load}'s own
 * sets), the name of this process in the manifests, and the retention applied after each successful backup.
 *
 * @param encoding  the default format and compression
 * @param instance  this process, as listings show it ({@code PIPELINE_INSTANCE_ID}, else host and pid)
 * @param retention what to prune after a successful backup, or {@link Retention#OFF}
 * @param minFreeBytes no new set is started when the data directory has less free space than this (0: no floor)
 */
public record BackupDefaults(BackupEncoding encoding, String instance, Retention retention, long minFreeBytes) {

    public BackupDefaults {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(instance, "instance");
        retention = retention == null ? Retention.OFF : retention;
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("minFreeBytes must not be negative");
        }
    }

    /** Without a free-space floor. */
    public BackupDefaults(BackupEncoding encoding, String instance, Retention retention) {
        this(encoding, instance, retention, 0);
    }

    /** This process as {@code host:pid}, the instance name when none is configured. */
    public static String thisProcess() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    /** CSV, no automatic retention. */
    public static BackupDefaults of(String instance) {
        return new BackupDefaults(BackupEncoding.CSV, instance, Retention.OFF);
    }

    /**
     * Automatic retention in each location after a successful backup there; the protections of prune apply.
     *
     * @param keep   keep at least this many complete sets, or empty
     * @param maxAge delete complete sets older than this, or empty (with {@code keep}: both must allow it)
     */
    public record Retention(Optional<Integer> keep, Optional<Duration> maxAge) {
        public static final Retention OFF = new Retention(Optional.empty(), Optional.empty());

        public Retention {
            Objects.requireNonNull(keep, "keep");
            Objects.requireNonNull(maxAge, "maxAge");
        }

        public boolean enabled() {
            return keep.isPresent() || maxAge.isPresent();
        }
    }
}
