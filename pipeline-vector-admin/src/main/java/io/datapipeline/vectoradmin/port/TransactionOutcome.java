package io.datapipeline.vectoradmin.port;

import io.datapipeline.core.domain.PipelineException;
import java.util.Optional;

/**
 * What became of a transaction of a {@link VectorStoreSession}, known before anything is cleaned up. A
 * commit whose answer is lost is not a failure: its outcome is asked for on a new connection, and when the
 * database cannot tell, the outcome is {@link Unknown} — never guessed.
 *
 * @param <T> what the work returned
 */
public sealed interface TransactionOutcome<T> {

    /**
     * The transaction committed (or, read-only, ended after its work completed).
     *
     * @param value         what the work returned
     * @param transactionId the transaction's id when it wrote, else empty
     * @param note          how the outcome is known when the answer to COMMIT was lost, else empty
     */
    record Committed<T>(T value, Optional<String> transactionId, Optional<String> note) implements TransactionOutcome<T> {
    }

    /**
     * Nothing of the transaction is visible: its work failed, the server refused the commit, or the database
     * confirmed it rolled back after the answer to COMMIT was lost.
     *
     * @param cause why
     */
    record RolledBack<T>(RuntimeException cause) implements TransactionOutcome<T> {
    }

    /**
     * COMMIT was sent, its answer was lost and the database could not say what happened: the changes may or
     * may not be visible.
     *
     * @param value         what the work returned before COMMIT
     * @param transactionId the transaction's id, to ask the database later
     * @param reason        what was lost and what was asked
     */
    record Unknown<T>(T value, String transactionId, String reason) implements TransactionOutcome<T> {
    }

    /** The work's value when committed; otherwise the failure (rolled back) or a {@link PipelineException}. */
    default T valueOrThrow() {
        if (this instanceof Committed<T> c) {
            return c.value();
        }
        if (this instanceof RolledBack<T> r) {
            throw r.cause();
        }
        Unknown<T> u = (Unknown<T>) this;
        throw new PipelineException("the outcome of the commit is unknown (transaction " + u.transactionId() + "): "
                + u.reason());
    }
}
