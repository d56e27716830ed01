package io.datapipeline.core.domain;

import java.util.Locale;

/**
 * What a REST API token may do. The scopes are ordered: each includes the ones before it.
 *
 * <ul>
 * <li>{@link #READ}: look — list, status, files, logs, queries, backup listings and verification, dry runs;</li>
 * <li>{@link #EXECUTE}: act — create and execute tasks, upload files, back up without truncating, read business
 * databases;</li>
 * <li>{@link #ADMIN}: destroy or replace — backup with truncate, restore, dedupe and prune with {@code apply},
 * delete backup sets and tasks.</li>
 * </ul>
 */
public enum ApiScope {
    READ, EXECUTE, ADMIN;

    /** The name in settings and answers: {@code read}, {@code execute}, {@code admin}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a token of this scope may do what {@code needed} allows. */
    public boolean includes(ApiScope needed) {
        return compareTo(needed) >= 0;
    }

    /**
     * @param field the setting, named in the error
     * @param what  how the error names the value, e.g. {@code PIPELINE_API_TOKENS entry 2}; the value itself is never
     *              quoted (a mistyped entry may be part of a token)
     */
    public static ApiScope fromWire(String raw, String field, String what) {
        for (ApiScope s : values()) {
            if (s.wire().equals(raw == null ? null : raw.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw InvalidInputException.invalid(field, what + ": the scope must be read, execute or admin");
    }
}
