package io.datapipeline.postgres.task;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.execution.ResultDocument;
import io.datapipeline.wire.TaskShapes;
import io.datapipeline.wire.Wire;
import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.StepRun;
import io.datapipeline.core.domain.StepStatus;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskFilter;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.domain.ReloadOptions;
import io.datapipeline.core.domain.RetrievalGate;
import io.datapipeline.core.domain.TruncateScope;
import io.datapipeline.core.domain.VectorManagementDecision;
import io.datapipeline.core.port.out.TaskRepository;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.vector.PgVectorTableStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tasks, steps and executions in PostgreSQL (tables created by {@link Migrations}); the per-task lock is a
 * session-level advisory lock on a dedicated connection, released when the lock is closed or the process dies.
 */
public final class PgTaskRepository implements TaskRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final String TASK_COLUMNS = "task_id, task_name, status, parameters, db_connection, db_name, "
            + "business_context, created_type, created_at, started_at, completed_at, error_message";
    private static final String EXECUTION_COLUMNS = "execution_id, task_id, request, decision, status, started_at, "
            + "finished_at, result, error, idempotency_key";

    private final PgConnections connections;

    /** Connects lazily; {@link #migrate()} must run once before use. */
    public PgTaskRepository(PgConnections connections) {
        this.connections = connections;
    }

    /** Applies the schema migrations. */
    public PgTaskRepository migrate() {
        try (Connection c = connections.pooled()) {
            Migrations.apply(c);
        } catch (SQLException e) {
            throw new PipelineException("cannot prepare the task tables: " + e.getMessage(), e);
        }
        return this;
    }

    @Override
    public boolean insert(Task task) {
        try (Connection c = connections.pooled()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO pipeline_tasks (" + TASK_COLUMNS
                        + ") VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id) DO NOTHING")) {
                    bindTask(ps, task);
                    if (ps.executeUpdate() == 0) {
                        c.rollback();
                        return false;
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO pipeline_task_steps (task_id, step_name, step_status) VALUES (?, ?, 'pending')")) {
                    for (StepName step : StepName.values()) {
                        ps.setString(1, task.id().value());
                        ps.setString(2, step.wire());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw fail("cannot store task " + task.id(), e);
        }
    }

    private static void bindTask(PreparedStatement ps, Task t) throws SQLException {
        ps.setString(1, t.id().value());
        ps.setString(2, t.name());
        ps.setString(3, t.status().wire());
        ps.setString(4, json(TaskShapes.parameters(t.parameters())));
        DatabaseUrl db = t.parameters().businessDatabase();
        ps.setString(5, db == null ? null : db.toSecretUri());
        ps.setString(6, t.dbName());
        ps.setString(7, t.parameters().businessContext());
        ps.setString(8, t.createdType() == null ? "api" : t.createdType());
        ps.setTimestamp(9, ts(t.createdAt()));
        ps.setTimestamp(10, ts(t.startedAt()));
        ps.setTimestamp(11, ts(t.completedAt()));
        ps.setString(12, t.errorMessage());
    }

    @Override
    public Optional<Task> find(TaskId id) {
        try (Connection c = connections.pooled(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + TASK_COLUMNS + " FROM pipeline_tasks WHERE task_id = ?")) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(task(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fail("cannot read task " + id, e);
        }
    }

    @Override
    public void update(Task task) {
        try (Connection c = connections.pooled(); PreparedStatement ps = c.prepareStatement("UPDATE pipeline_tasks SET "
                + "status = ?, started_at = ?, completed_at = ?, error_message = ?, updated_at = now() WHERE task_id = ?")) {
            ps.setString(1, task.status().wire());
            ps.setTimestamp(2, ts(task.startedAt()));
            ps.setTimestamp(3, ts(task.completedAt()));
            ps.setString(4, task.errorMessage());
            ps.setString(5, task.id().value());
            if (ps.executeUpdate() == 0) {
                throw new PipelineException("task " + task.id() + " does not exist");
            }
        } catch (SQLException e) {
            throw fail("cannot update task " + task.id(), e);
        }
    }

    @Override
    public TaskPage query(TaskQuery q) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> args = new ArrayList<>();
        TaskFilter f = q.filter();
        if (f.status() != null) {
            where.append(" AND status = ?");
            args.add(f.status().wire());
        }
        if (f.cancelled()) {
            where.append(" AND (SELECT e.status FROM pipeline_executions e WHERE e.task_id = pipeline_tasks.task_id "
                    + "ORDER BY e.started_at DESC LIMIT 1) = 'cancelled'");
        }
        if (f.nameContains() != null) {
            where.append(" AND task_name ILIKE ? ESCAPE '\\'");
            args.add("%" + f.nameContains().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (f.dbName() != null) {
            where.append(" AND db_name = ?");
            args.add(f.dbName());
        }
        if (f.createdBy() != null) {
            where.append(" AND created_type = ?");
            args.add(f.createdBy());
        }
        range(where, args, "created_at", f.created());
        range(where, args, "started_at", f.started());
        range(where, args, "completed_at", f.completed());
        String order = switch (q.sortBy()) {
            case "started_at", "completed_at", "task_name", "status", "created_at" -> q.sortBy();
            default -> throw new IllegalArgumentException("sort column " + q.sortBy());
        };
        String dir = q.ascending() ? " ASC NULLS LAST" : " DESC NULLS LAST";
        try (Connection c = connections.pooled()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pipeline_tasks" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Task> tasks = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TASK_COLUMNS + " FROM pipeline_tasks" + where
                    + " ORDER BY " + order + dir + ", task_id LIMIT ? OFFSET ?")) {
                List<Object> all = new ArrayList<>(args);
                all.add(q.limit());
                all.add(q.offset());
                bind(ps, all);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tasks.add(task(rs));
                    }
                }
            }
            return new TaskPage(tasks, total);
        } catch (SQLException e) {
            throw fail("cannot query tasks", e);
        }
    }

    private static void range(StringBuilder where, List<Object> args, String column, TaskFilter.TimeRange r) {
        if (r == null) {
            return;
        }
        if (r.from() != null) {
            where.append(" AND ").append(column).append(" >= ?");
            args.add(ts(r.from()));
        }
        if (r.to() != null) {
            where.append(" AND ").append(column).append(" <= ?");
            args.add(ts(r.to()));
        }
    }

    @Override
    public void delete(TaskId id) {
        try (Connection c = connections.pooled();
                PreparedStatement ps = c.prepareStatement("DELETE FROM pipeline_tasks WHERE task_id = ?")) {
            ps.setString(1, id.value());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("cannot delete task " + id, e);
        }
    }

    @Override
    public List<StepRun> steps(TaskId id) {
        try (Connection c = connections.pooled(); PreparedStatement ps = c.prepareStatement("SELECT step_name, "
                + "step_status, execution_id, started_at, completed_at, error_message FROM pipeline_task_steps "
                + "WHERE task_id = ?")) {
            ps.setString(1, id.value());
            Map<StepName, StepRun> byStep = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StepName step = StepName.fromWire(rs.getString(1));
                    byStep.put(step, new StepRun(id, step, StepStatus.fromWire(rs.getString(2)), rs.getString(3),
                            instant(rs, 4), instant(rs, 5), rs.getString(6)));
                }
            }
            List<StepRun> ordered = new ArrayList<>();
            for (StepName s : StepName.values()) {
                if (byStep.containsKey(s)) {
                    ordered.add(byStep.get(s));
                }
            }
            return ordered;
        } catch (SQLException e) {
            throw fail("cannot read the steps of " + id, e);
        }
    }

    @Override
    public void saveStep(StepRun s) {
        try (Connection c = connections.pooled(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
                + "pipeline_task_steps (task_id, step_name, step_status, execution_id, started_at, completed_at, "
                + "error_message) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id, step_name) DO UPDATE SET "
                + "step_status = excluded.step_status, execution_id = excluded.execution_id, started_at = "
                + "excluded.started_at, completed_at = excluded.completed_at, error_message = excluded.error_message")) {
            ps.setString(1, s.taskId().value());
            ps.setString(2, s.step().wire());
            ps.setString(3, s.status().wire());
            ps.setString(4, s.executionId());
            ps.setTimestamp(5, ts(s.startedAt()));
            ps.setTimestamp(6, ts(s.completedAt()));
            ps.setString(7, s.errorMessage());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("cannot save step " + s.step() + " of " + s.taskId(), e);
        }
    }

    @Override
    public void insertExecution(Execution e) {
        try (Connection c = connections.pooled(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
                + "pipeline_executions (" + EXECUTION_COLUMNS + ") VALUES (?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?::json, ?, ?)")) {
            bindExecution(ps, e);
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw fail("cannot store execution " + e.executionId(), ex);
        }
    }

    @Override
    public void updateExecution(Execution e) {
        try (Connection c = connections.pooled(); PreparedStatement ps = c.prepareStatement("UPDATE pipeline_executions "
                + "SET status = ?, finished_at = ?, result = ?::json, error = ? WHERE execution_id = ?")) {
            ps.setString(1, e.status().wire());
            ps.setTimestamp(2, ts(e.finishedAt()));
            ps.setString(3, e.result() == null ? null : Wire.compact(e.result()));
            ps.setString(4, e.error());
            ps.setString(5, e.executionId());
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw fail("cannot update execution " + e.executionId(), ex);
        }
    }

    @Override
    public Optional<Execution> findExecution(String executionId) {
        return executionsWhere("execution_id = ?", executionId, 1).stream().findFirst();
    }

    @Override
    public List<Execution> executions(TaskId id, int limit) {
        return executionsWhere("task_id = ?", id.value(), limit);
    }

    @Override
    public Optional<Execution> findExecutionByIdempotencyKey(TaskId id, String key) {
        try (Connection c = connections.pooled(); PreparedStatement ps = c.prepareStatement("SELECT "
                + EXECUTION_COLUMNS + " FROM pipeline_executions WHERE task_id = ? AND idempotency_key = ?")) {
            ps.setString(1, id.value());
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(execution(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fail("cannot read executions of " + id, e);
        }
    }

    private List<Execution> executionsWhere(String condition, String value, int limit) {
        try (Connection c = connections.pooled(); PreparedStatement ps = c.prepareStatement("SELECT " + EXECUTION_COLUMNS
                + " FROM pipeline_executions WHERE " + condition + " ORDER BY started_at DESC, execution_id DESC LIMIT ?")) {
            ps.setString(1, value);
            ps.setInt(2, limit);
            List<Execution> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(execution(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("cannot read executions", e);
        }
    }

    @Override
    public Optional<TaskLock> tryLock(TaskId id) {
        Connection c = connections.dedicated("task " + id.value());
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
            ps.setInt(1, PgVectorTableStore.LOCK_NAMESPACE);
            ps.setString(2, "task:" + id.value());
            boolean got;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                got = rs.getBoolean(1);
            }
            if (!got) {
                c.close();
                return Optional.empty();
            }
            return Optional.of(() -> {
                // released explicitly: the server ends a closed session asynchronously, so a lock left to the
                // close could still be held when the next execution of the task asks for it a moment later
                try (PreparedStatement unlock = c.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
                    unlock.setInt(1, PgVectorTableStore.LOCK_NAMESPACE);
                    unlock.setString(2, "task:" + id.value());
                    unlock.execute();
                } catch (SQLException ignored) {
                    // the session is gone already: the server released the lock with it
                }
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing the session releases the lock either way
                }
            });
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw fail("cannot take the lock of task " + id, e);
        }
    }

    private static void bindExecution(PreparedStatement ps, Execution e) throws SQLException {
        ps.setString(1, e.executionId());
        ps.setString(2, e.taskId().value());
        ps.setString(3, json(requestMap(e.request())));
        ps.setString(4, json(decisionMap(e.decision())));
        ps.setString(5, e.status().wire());
        ps.setTimestamp(6, ts(e.startedAt()));
        ps.setTimestamp(7, ts(e.finishedAt()));
        ps.setString(8, e.result() == null ? null : Wire.compact(e.result()));
        ps.setString(9, e.error());
        if (e.idempotencyKey() == null) {
            ps.setNull(10, Types.VARCHAR);
        } else {
            ps.setString(10, e.idempotencyKey());
        }
    }

    static Map<String, Object> requestMap(ExecutionRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("execution_mode", r.mode().wire());
        m.put("step_name", r.step() == null ? null : r.step().wire());
        m.put("backup_vector_tables", r.backupVectorTables());
        m.put("truncate_vector_tables", r.truncateVectorTables());
        m.put("skip_training", r.skipTraining());
        m.put("truncate_scope", r.truncateScope() == null ? null : r.truncateScope().wire());
        putReload(m, r.reload());
        return m;
    }

    private static void putReload(Map<String, Object> m, ReloadOptions o) {
        if (o.replaceByDifference()) {
            m.put("replace_by_difference", true);
        }
        if (o.gate().active()) {
            m.put("min_retrieval", o.gate().minimumOptions());
            m.put("max_retrieval_drop", o.gate().dropOption());
        }
    }

    @SuppressWarnings("unchecked")
    private static ReloadOptions reload(Map<String, Object> m) {
        Object min = m.get("min_retrieval");
        RetrievalGate gate = RetrievalGate.parse(min instanceof List<?> l ? (List<String>) l : List.of(),
                (String) m.get("max_retrieval_drop"), "min_retrieval", "max_retrieval_drop");
        return new ReloadOptions(bool(m, "replace_by_difference", false), gate);
    }

    static Map<String, Object> decisionMap(VectorManagementDecision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backup", d.backup());
        m.put("truncate", d.truncate());
        m.put("truncate_scope", d.truncateScope().wire());
        m.put("skip_training", d.skipTraining());
        m.put("warnings", d.warnings());
        putReload(m, d.reload());
        return m;
    }

    private static Task task(ResultSet rs) throws SQLException {
        Map<String, Object> p = map(rs.getString("parameters"));
        String secret = rs.getString("db_connection");
        TaskParameters parameters = TaskParameters.of(secret == null ? null : DatabaseUrl.parse(secret, "db_connection"),
                rs.getString("business_context"), flag(p, "enable_sql_validation"), flag(p, "enable_llm_repair"),
                flag(p, "modify_original_file"), flag(p, "enable_training_data_load"), flag(p, "restore_on_load_failure"))
                .withGeneration(TaskShapes.generation(p)).withRetrievalGate(TaskShapes.retrievalGate(p));
        return new Task(new TaskId(rs.getString("task_id")), rs.getString("task_name"),
                TaskStatus.fromWire(rs.getString("status")), parameters, rs.getString("db_name"),
                rs.getString("created_type"), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "completed_at"), rs.getString("error_message"));
    }

    @SuppressWarnings("unchecked")
    private static Execution execution(ResultSet rs) throws SQLException {
        Map<String, Object> req = map(rs.getString("request"));
        Map<String, Object> dec = map(rs.getString("decision"));
        TaskId taskId = new TaskId(rs.getString("task_id"));
        ExecutionMode mode = ExecutionMode.fromWire((String) req.get("execution_mode"));
        // records written before a named step implied step mode may carry the step_name a complete run ignored
        String step = mode == ExecutionMode.STEP ? (String) req.get("step_name") : null;
        ExecutionRequest request = new ExecutionRequest(taskId, mode, step == null ? null : StepName.fromWire(step),
                bool(req, "backup_vector_tables", false),
                bool(req, "truncate_vector_tables", false), bool(req, "skip_training", false),
                req.get("truncate_scope") == null ? null : TruncateScope.parse((String) req.get("truncate_scope"),
                        "truncate_scope"), reload(req));
        VectorManagementDecision decision = new VectorManagementDecision(bool(dec, "backup", false),
                bool(dec, "truncate", false), bool(dec, "skip_training", false),
                (List<String>) dec.getOrDefault("warnings", List.of()), dec.get("truncate_scope") == null
                        ? TruncateScope.TABLE : TruncateScope.parse((String) dec.get("truncate_scope"), "truncate_scope"),
                reload(dec));
        String result = rs.getString("result");
        return new Execution(rs.getString("execution_id"), taskId, request, decision,
                ExecutionStatus.fromWire(rs.getString("status")), instant(rs, "started_at"), instant(rs, "finished_at"),
                result == null ? null : new ResultDocument.Stored(result), rs.getString("error"),
                rs.getString("idempotency_key"));
    }

    private static Boolean flag(Map<String, Object> m, String key) {
        return m.get(key) instanceof Boolean b ? b : null;
    }

    private static boolean bool(Map<String, Object> m, String key, boolean fallback) {
        Object v = m.get(key);
        return v instanceof Boolean b ? b : fallback;
    }

    private static Map<String, Object> map(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (IOException e) {
            throw new PipelineException("unreadable JSON in the task tables: " + e.getMessage(), e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new PipelineException("cannot encode JSON: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private PipelineException fail(String what, SQLException e) {
        return new PipelineException(what + ": " + e.getMessage(), e);
    }
}
