-- An execution's result document keeps the order of its keys (the seed's documents: success, task_id, ..., result,
-- warnings), as it is shown: jsonb stores keys sorted by length, json stores the text as given. Rows stored before
-- keep the order jsonb gave them.
ALTER TABLE pipeline_executions ALTER COLUMN result TYPE json USING result::json;
