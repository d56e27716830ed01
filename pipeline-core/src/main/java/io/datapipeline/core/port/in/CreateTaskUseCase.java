package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.Task;

/** Creates a task: its row (pending, four pending steps) and its directory. */
public interface CreateTaskUseCase {

    /**
     * @return the stored task, with a fresh id ({@code task_YYYYMMDD_HHMMSS}, suffixed when taken)
     * @throws io.datapipeline.core.domain.InvalidInputException for an unusable table list or connection
     */
    Task create(CreateTaskCommand command);
}
