package io.datapipeline.core.port.out;

import io.datapipeline.core.execution.ExecutionEvent;
import io.datapipeline.core.execution.ExecutionProgress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What runs record while they run, shared by every process and server instance on the metadata database: cancel
 * requests, the live progress of the current step, and the ordered events a client follows.
 */
public interface ExecutionJournal {

    /**
     * Records a cancel request for a running execution.
     *
     * @return true when the execution was running (the request will be seen by whichever process runs it)
     */
    boolean requestCancel(String executionId, Instant at);

    /** Whether a cancel was requested for the execution. */
    boolean cancelRequested(String executionId);

    /**
     * Appends an event; its {@code seq} is assigned here (the one given is ignored).
     *
     * @return the event as stored, with its {@code seq}
     */
    ExecutionEvent append(ExecutionEvent event);

    /** Events of an execution with {@code seq > after}, in order, at most {@code limit}. */
    List<ExecutionEvent> events(String executionId, long after, int limit);

    /** Replaces the execution's live progress. */
    void saveProgress(String executionId, ExecutionProgress progress);

    /** The execution's last recorded progress, if any. */
    Optional<ExecutionProgress> progress(String executionId);
}
