package io.datapipeline.core.domain;

/**
 * How an operation ended, in the five kinds every adapter reports the same way: the CLI maps each to one exit code
 * (0, 1, 2, 3, 4), and nothing else decides an exit code.
 */
public enum ResultKind {
    /** Everything asked for happened. */
    OK,
    /** It failed; nothing half-done was kept (rolled back, or never started). */
    FAILED,
    /** The input was invalid; nothing was started. */
    INVALID,
    /** Another operation or execution holds the lock it needs; nothing was started. */
    BUSY,
    /** COMMIT was sent, its answer was lost and the database could not tell whether it committed. */
    COMMIT_UNKNOWN;

    /** The name in result documents: {@code ok}, {@code failed}, {@code invalid}, {@code busy}, {@code commit_unknown}. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind a result document names, or empty for a document written before kinds were recorded. */
    public static java.util.Optional<ResultKind> fromWire(String raw) {
        for (ResultKind k : values()) {
            if (k.wire().equals(raw)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The kind of an operation that reports whether it succeeded and whether its commit outcome is known.
     *
     * @param success       it did everything asked
     * @param commitUnknown the answer to its COMMIT was lost and the database could not tell
     */
    public static ResultKind of(boolean success, boolean commitUnknown) {
        if (success) {
            return OK;
        }
        return commitUnknown ? COMMIT_UNKNOWN : FAILED;
    }
}
