package io.datapipeline.core.port.in;

import io.datapipeline.core.port.out.TaskRepository;

/** Lists tasks with filters, sorting and paging; each with its steps (for the step-status summary). */
public interface QueryTasksUseCase {

    /** Tasks matching the query and the total before paging. */
    TaskRepository.TaskPage query(TaskRepository.TaskQuery query);

    /** The tasks of a page as views (task + steps, no execution). */
    java.util.List<GetTaskUseCase.TaskView> views(TaskRepository.TaskPage page);
}
