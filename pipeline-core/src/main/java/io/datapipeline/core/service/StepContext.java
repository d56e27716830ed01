package io.datapipeline.core.service;

import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.VectorManagementDecision;
import io.datapipeline.core.vector.TransferProgress;

/** What a step gets to work with; {@code monitor} says whether to stop and takes its progress. */
record StepContext(Task task, Execution execution, VectorManagementDecision decision, TaskLog log,
        TransferProgress progress, ExecutionMonitor monitor) {

    StepContext {
        monitor = monitor == null ? ExecutionMonitor.none() : monitor;
    }

    /** Without a monitor: never cancelled, progress not recorded. */
    StepContext(Task task, Execution execution, VectorManagementDecision decision, TaskLog log,
            TransferProgress progress) {
        this(task, execution, decision, log, progress, null);
    }

    /** Seconds since {@code t0} ({@link System#nanoTime()}), to the millisecond, as the step results report them. */
    static double elapsedSeconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
    }
}
