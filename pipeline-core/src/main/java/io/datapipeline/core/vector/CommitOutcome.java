package io.datapipeline.core.vector;

/** What a report says became of the transaction of a vector operation. */
public enum CommitOutcome {
    /** It committed: the operation happened. */
    COMMITTED("committed"),
    /** It rolled back, or never started: nothing changed. */
    ROLLED_BACK("rolled_back"),
    /** COMMIT was sent, its answer was lost and the database could not tell: the change may or may not be there. */
    UNKNOWN("unknown");

    private final String wire;

    CommitOutcome(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
