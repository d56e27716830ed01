package io.datapipeline.core.vector;

/** Whether a backup set can be used. */
public enum BackupSetState {
    /** Every file and the manifest are in place and the transaction it belongs to committed. */
    COMPLETE("complete"),
    /**
     * Interrupted or unsettled: a file or the manifest is missing, its transaction rolled back, or its outcome
     * is unknown. Never restored without {@code force}.
     */
    INCOMPLETE("incomplete"),
    /** The manifest (or its outcome record) cannot be read or does not match the set. Never restored or verified. */
    DAMAGED("damaged");

    private final String wire;

    BackupSetState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
