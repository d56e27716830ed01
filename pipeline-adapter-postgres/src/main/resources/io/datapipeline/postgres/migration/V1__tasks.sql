-- Tasks, their steps and the history of executions (the data pipeline's own tables; the original tool's
-- data_pipeline_tasks / data_pipeline_task_steps are left alone).
CREATE TABLE pipeline_tasks (
    task_id          varchar(64) PRIMARY KEY,
    task_name        varchar(255),
    status           varchar(20) NOT NULL
                     CHECK (status IN ('pending', 'in_progress', 'completed', 'partial_completed', 'failed')),
    parameters       jsonb NOT NULL,          -- shown to callers; the connection string in it is masked
    db_connection    text,                    -- the business database with its password; never returned
    db_name          varchar(100),
    business_context text,
    created_type     varchar(20) NOT NULL DEFAULT 'api',
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    completed_at     timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    error_message    text
);
CREATE INDEX pipeline_tasks_status_idx ON pipeline_tasks (status);
CREATE INDEX pipeline_tasks_created_idx ON pipeline_tasks (created_at DESC);
CREATE INDEX pipeline_tasks_db_name_idx ON pipeline_tasks (db_name);

CREATE TABLE pipeline_task_steps (
    task_id       varchar(64) NOT NULL REFERENCES pipeline_tasks (task_id) ON DELETE CASCADE,
    step_name     varchar(32) NOT NULL
                  CHECK (step_name IN ('ddl_generation', 'qa_generation', 'sql_validation', 'training_load')),
    step_status   varchar(20) NOT NULL DEFAULT 'pending'
                  CHECK (step_status IN ('pending', 'running', 'completed', 'failed')),
    execution_id  varchar(128),
    started_at    timestamptz,
    completed_at  timestamptz,
    error_message text,
    PRIMARY KEY (task_id, step_name)
);

CREATE TABLE pipeline_executions (
    execution_id    varchar(128) PRIMARY KEY,
    task_id         varchar(64) NOT NULL REFERENCES pipeline_tasks (task_id) ON DELETE CASCADE,
    request         jsonb NOT NULL,
    decision        jsonb NOT NULL,
    status          varchar(20) NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    result          jsonb,
    error           text,
    idempotency_key varchar(200),
    UNIQUE (task_id, idempotency_key)
);
CREATE INDEX pipeline_executions_task_idx ON pipeline_executions (task_id, started_at DESC);
