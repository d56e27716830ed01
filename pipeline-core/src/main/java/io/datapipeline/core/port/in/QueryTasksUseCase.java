package io.datapipeline.core.port.in;

import java.util.List;

/** Lists tasks with filters, sorting and paging; each with its steps (for the step-status summary). */
public interface QueryTasksUseCase {

    /** Tasks matching the query, each as a view with its steps and last execution, and the total before paging. */
    TaskPage query(TaskQuery query);

    /**
     * A page of tasks.
     *
     * @param tasks the tasks of the page
     * @param total how many matched before paging
     */
    record TaskPage(List<GetTaskUseCase.TaskView> tasks, long total) {
        public TaskPage {
            tasks = List.copyOf(tasks);
        }
    }
}
