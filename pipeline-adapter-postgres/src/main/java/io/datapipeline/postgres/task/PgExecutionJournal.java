package io.datapipeline.postgres.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.execution.ExecutionEvent;
import io.datapipeline.core.execution.ExecutionProgress;
import io.datapipeline.core.execution.ModelUsage;
import io.datapipeline.core.port.out.ExecutionJournal;
import io.datapipeline.postgres.connection.PgConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The execution journal in the metadata database ({@code V3__execution_control.sql}): cancel requests and progress
 * as columns of {@code pipeline_executions}, events in {@code pipeline_execution_events} ordered by {@code seq}.
 */
public final class PgExecutionJournal implements ExecutionJournal {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PgConnections connections;

    /** @param connections the metadata database (its migrations create the tables) */
    public PgExecutionJournal(PgConnections connections) {
        this.connections = connections;
    }

    @Override
    public boolean requestCancel(String executionId, Instant at) {
        try (Connection c = connections.pooled();
                PreparedStatement ps = c.prepareStatement("UPDATE pipeline_executions SET cancel_requested_at = "
                        + "coalesce(cancel_requested_at, ?) WHERE execution_id = ? AND status = 'running'")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, executionId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw fail("cannot record the cancel request of " + executionId, e);
        }
    }

    @Override
    public boolean cancelRequested(String executionId) {
        try (Connection c = connections.pooled();
                PreparedStatement ps = c.prepareStatement("SELECT cancel_requested_at IS NOT NULL FROM "
                        + "pipeline_executions WHERE execution_id = ?")) {
            ps.setString(1, executionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw fail("cannot read the cancel request of " + executionId, e);
        }
    }

    @Override
    public ExecutionEvent append(ExecutionEvent e) {
        try (Connection c = connections.pooled();
                PreparedStatement ps = c.prepareStatement("INSERT INTO pipeline_execution_events (execution_id, type, "
                        + "step, status, message, progress, at) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?) RETURNING seq")) {
            ps.setString(1, e.executionId());
            ps.setString(2, e.type().wire());
            ps.setString(3, e.step() == null ? null : e.step().wire());
            ps.setString(4, e.status());
            ps.setString(5, e.message());
            ps.setString(6, e.progress() == null ? null : toJson(e.progress()));
            ps.setTimestamp(7, Timestamp.from(e.at()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ExecutionEvent(rs.getLong(1), e.executionId(), e.type(), e.step(), e.status(), e.message(),
                        e.progress(), e.at());
            }
        } catch (SQLException ex) {
            throw fail("cannot record an event of " + e.executionId(), ex);
        }
    }

    @Override
    public List<ExecutionEvent> events(String executionId, long after, int limit) {
        try (Connection c = connections.pooled();
                PreparedStatement ps = c.prepareStatement("SELECT seq, type, step, status, message, progress::text, at "
                        + "FROM pipeline_execution_events WHERE execution_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            ps.setString(1, executionId);
            ps.setLong(2, after);
            ps.setInt(3, limit);
            List<ExecutionEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String step = rs.getString(3);
                    String progress = rs.getString(6);
                    out.add(new ExecutionEvent(rs.getLong(1), executionId, type(rs.getString(2)),
                            step == null ? null : StepName.fromWire(step), rs.getString(4), rs.getString(5),
                            progress == null ? null : fromJson(progress), rs.getTimestamp(7).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("cannot read the events of " + executionId, e);
        }
    }

    @Override
    public void saveProgress(String executionId, ExecutionProgress progress) {
        try (Connection c = connections.pooled();
                PreparedStatement ps = c.prepareStatement("UPDATE pipeline_executions SET progress = ?::jsonb "
                        + "WHERE execution_id = ?")) {
            ps.setString(1, toJson(progress));
            ps.setString(2, executionId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("cannot record the progress of " + executionId, e);
        }
    }

    @Override
    public Optional<ExecutionProgress> progress(String executionId) {
        try (Connection c = connections.pooled();
                PreparedStatement ps = c.prepareStatement("SELECT progress::text FROM pipeline_executions "
                        + "WHERE execution_id = ?")) {
            ps.setString(1, executionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return Optional.empty();
                }
                return Optional.of(fromJson(rs.getString(1)));
            }
        } catch (SQLException e) {
            throw fail("cannot read the progress of " + executionId, e);
        }
    }

    private static ExecutionEvent.Type type(String wire) {
        for (ExecutionEvent.Type t : ExecutionEvent.Type.values()) {
            if (t.wire().equals(wire)) {
                return t;
            }
        }
        throw new PipelineException("unknown execution event type " + wire);
    }

    private static String toJson(ExecutionProgress p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("step", p.step() == null ? null : p.step().wire());
        n.put("phase", p.phase());
        n.put("done", p.done());
        n.put("total", p.total());
        n.put("unit", p.unit());
        n.put("rate", p.rate());
        if (p.eta() == null) {
            n.putNull("eta");
        } else {
            n.put("eta", p.eta());
        }
        n.put("updated_at", p.updatedAt().toString());
        if (p.llm() != null) {
            ObjectNode llm = n.putObject("llm");
            ModelUsage u = p.llm().usage();
            llm.put("calls", u.calls());
            llm.put("prompt_tokens", u.promptTokens());
            llm.put("completion_tokens", u.completionTokens());
            llm.put("retries", u.retries());
            llm.put("waits", u.waits());
            llm.put("wait_seconds", u.waitSeconds());
            llm.put("waiting", p.llm().waiting());
        }
        return n.toString();
    }

    private static ExecutionProgress.Llm llm(JsonNode n) {
        if (!n.isObject()) {
            return null;
        }
        ModelUsage u = new ModelUsage(n.path("calls").asLong(), n.path("prompt_tokens").asLong(),
                n.path("completion_tokens").asLong(), n.path("retries").asLong(), n.path("waits").asLong(),
                n.path("wait_seconds").asDouble());
        return new ExecutionProgress.Llm(u, n.path("waiting").isTextual() ? n.get("waiting").asText() : null);
    }

    private static ExecutionProgress fromJson(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            String step = n.path("step").isNull() || n.path("step").isMissingNode() ? null : n.get("step").asText();
            return new ExecutionProgress(step == null ? null : StepName.fromWire(step), n.path("phase").asText(),
                    n.path("done").asLong(), n.path("total").asLong(-1), n.path("unit").asText(), n.path("rate").asDouble(),
                    n.path("eta").isNumber() ? n.get("eta").asDouble() : null, Instant.parse(n.path("updated_at").asText()),
                    llm(n.path("llm")));
        } catch (java.io.IOException | RuntimeException e) {
            throw new PipelineException("unreadable progress record: " + e.getMessage(), e);
        }
    }

    private static PipelineException fail(String what, SQLException e) {
        return new PipelineException(what + ": " + e.getMessage(), e);
    }
}
