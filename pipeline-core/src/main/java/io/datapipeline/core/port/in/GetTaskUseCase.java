package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.Execution;
import io.datapipeline.core.domain.StepRun;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.StepStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a task with its steps and executions. */
public interface GetTaskUseCase {

    /**
     * @return the task view, or empty when there is no such task; a task found {@code in_progress}
     *         without a live lock is first marked {@code failed} ({@code interrupted})
     */
    Optional<TaskView> get(TaskId id);

    /** Executions of a task, newest first. */
    List<Execution> executions(TaskId id, int limit);

    /**
     * A task as shown to callers.
     *
     * @param task          the task
     * @param steps         its four steps
     * @param lastExecution the newest execution, if any
     */
    record TaskView(Task task, List<StepRun> steps, Optional<Execution> lastExecution) {
        public TaskView {
            steps = List.copyOf(steps);
        }

        /**
         * The task as callers see it (REST status, {@code pipeline task status --json}): the original's fields
         * plus the last execution with its policy decision, warnings and result ({@code vector_management}
         * included, in step mode too). The connection string in {@code parameters} is masked.
         */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task_id", task.id().value());
            m.put("task_name", task.name());
            m.put("status", task.status().wire());
            Map<String, Object> stepStatus = new LinkedHashMap<>();
            steps.forEach(s -> stepStatus.put(s.step().wire(), s.status().wire()));
            m.put("step_status", stepStatus);
            m.put("created_at", iso(task.createdAt()));
            m.put("started_at", iso(task.startedAt()));
            m.put("completed_at", iso(task.completedAt()));
            m.put("created_type", task.createdType());
            m.put("db_name", task.dbName());
            m.put("business_context", task.parameters().businessContext());
            m.put("parameters", task.parameters().toMaskedMap());
            m.put("error_message", task.errorMessage());
            Map<String, Object> current = null;
            for (StepRun s : steps) {
                if (s.status() == StepStatus.RUNNING) {
                    current = new LinkedHashMap<>();
                    current.put("execution_id", s.executionId());
                    current.put("step", s.step().wire());
                    current.put("status", s.status().wire());
                    current.put("started_at", iso(s.startedAt()));
                    break;
                }
            }
            m.put("current_step", current);
            m.put("total_steps", steps.size());
            List<Object> stepList = new ArrayList<>();
            for (StepRun s : steps) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("step_name", s.step().wire());
                sm.put("step_status", s.status().wire());
                sm.put("execution_id", s.executionId());
                sm.put("started_at", iso(s.startedAt()));
                sm.put("completed_at", iso(s.completedAt()));
                sm.put("error_message", s.errorMessage());
                stepList.add(sm);
            }
            m.put("steps", stepList);
            m.put("last_execution", lastExecution.map(TaskView::executionMap).orElse(null));
            m.put("result", lastExecution.map(Execution::result).orElse(null));
            return m;
        }

        /** One execution: request, decision (with warnings), status, times, result. */
        public static Map<String, Object> executionMap(Execution e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("execution_id", e.executionId());
            m.put("task_id", e.taskId().value());
            m.put("status", e.status().wire());
            m.put("execution_mode", e.request().mode().wire());
            m.put("step_name", e.request().step() == null ? null : e.request().step().wire());
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("backup_vector_tables", e.request().backupVectorTables());
            request.put("truncate_vector_tables", e.request().truncateVectorTables());
            request.put("skip_training", e.request().skipTraining());
            m.put("request", request);
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("backup", e.decision().backup());
            vm.put("truncate", e.decision().truncate());
            if (e.decision().truncate()) {
                vm.put("truncate_scope", e.decision().truncateScope().wire());
            }
            m.put("vector_management", vm);
            m.put("warnings", e.decision().warnings());
            m.put("started_at", iso(e.startedAt()));
            m.put("finished_at", iso(e.finishedAt()));
            m.put("error", e.error());
            m.put("idempotency_key", e.idempotencyKey());
            m.put("result", e.result());
            return m;
        }

        private static String iso(java.time.Instant i) {
            return i == null ? null : i.toString();
        }
    }
}
