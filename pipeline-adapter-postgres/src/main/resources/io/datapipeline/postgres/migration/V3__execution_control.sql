-- Execution control: cancelled executions and steps, cancel requests seen by every process, live progress, and
-- the ordered events clients follow (Server-Sent Events, pipeline task watch).
ALTER TABLE pipeline_task_steps DROP CONSTRAINT IF EXISTS pipeline_task_steps_step_status_check;
ALTER TABLE pipeline_task_steps ADD CONSTRAINT pipeline_task_steps_step_status_check
    CHECK (step_status IN ('pending', 'running', 'completed', 'failed', 'cancelled'));
ALTER TABLE pipeline_executions DROP CONSTRAINT IF EXISTS pipeline_executions_status_check;
ALTER TABLE pipeline_executions ADD CONSTRAINT pipeline_executions_status_check
    CHECK (status IN ('running', 'completed', 'failed', 'interrupted', 'cancelled'));
ALTER TABLE pipeline_executions ADD COLUMN IF NOT EXISTS cancel_requested_at timestamptz;
ALTER TABLE pipeline_executions ADD COLUMN IF NOT EXISTS progress jsonb;

CREATE TABLE IF NOT EXISTS pipeline_execution_events (
    seq          bigserial PRIMARY KEY,
    execution_id varchar(128) NOT NULL REFERENCES pipeline_executions (execution_id) ON DELETE CASCADE,
    type         varchar(20) NOT NULL,
    step         varchar(32),
    status       varchar(20),
    message      text,
    progress     jsonb,
    at           timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS pipeline_execution_events_idx ON pipeline_execution_events (execution_id, seq);
