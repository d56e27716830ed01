package io.datapipeline.core.service;

import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.VectorManagementDecision;
import io.datapipeline.core.vector.TransferProgress;

/** What a step gets to work with. */
record StepContext(Task task, Execution execution, VectorManagementDecision decision, TaskLog log,
        TransferProgress progress) {
}
