package io.datapipeline.core.domain;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Objects;

/**
 * Identifies a backup set inside its location: {@code YYYYMMDD_HHMMSS}, the original tool's file-name stamp.
 */
public record BackupTimestamp(String value) implements Comparable<BackupTimestamp> {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuuMMdd_HHmmss").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DISPLAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public BackupTimestamp {
        Objects.requireNonNull(value, "timestamp");
        if (!value.matches("\\d{8}_\\d{6}")) {
            throw InvalidInputException.invalid("timestamp",
                    "invalid timestamp '" + Printable.of(value) + "', expected YYYYMMDD_HHMMSS");
        }
        try {
            LocalDateTime.parse(value, FORMAT);
        } catch (DateTimeParseException e) {
            throw InvalidInputException.invalid("timestamp",
                    "invalid timestamp '" + value + "': not a real date and time (YYYYMMDD_HHMMSS)");
        }
    }

    public static BackupTimestamp parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw InvalidInputException.missing("timestamp", "timestamp is required (YYYYMMDD_HHMMSS)");
        }
        return new BackupTimestamp(raw.trim());
    }

    public static BackupTimestamp of(LocalDateTime time) {
        return new BackupTimestamp(FORMAT.format(time.withNano(0)));
    }

    public LocalDateTime toLocalDateTime() {
        return LocalDateTime.parse(value, FORMAT);
    }

    /** The next second, used when a set with this stamp already exists. */
    public BackupTimestamp next() {
        return of(toLocalDateTime().plusSeconds(1));
    }

    /** {@code YYYY-MM-DD HH:MM:SS}, the listing's {@code backup_date}. */
    public String display() {
        return DISPLAY.format(toLocalDateTime());
    }

    @Override
    public int compareTo(BackupTimestamp other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
