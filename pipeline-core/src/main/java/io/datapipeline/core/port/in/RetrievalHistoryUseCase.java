package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.retrieval.RetrievalHistoryEntry;
import java.util.List;

/** A task's past retrieval evaluations, oldest first, so a team sees whether a change helped. */
public interface RetrievalHistoryUseCase {

    /** @throws io.datapipeline.core.domain.NotFoundException when the task has no directory */
    List<RetrievalHistoryEntry> history(TaskId taskId);
}
