-- A small LangChain PGVector store (langchain-postgres layout) so the demo has something to back up
-- before the pipeline loads its own data. Vectors are made-up 1024-d values.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE IF NOT EXISTS langchain_pg_collection (
    uuid uuid PRIMARY KEY,
    name varchar NOT NULL UNIQUE,
    cmetadata json
);
CREATE TABLE IF NOT EXISTS langchain_pg_embedding (
    id varchar PRIMARY KEY,
    collection_id uuid REFERENCES langchain_pg_collection (uuid) ON DELETE CASCADE,
    embedding vector,
    document varchar,
    cmetadata jsonb
);
CREATE INDEX IF NOT EXISTS ix_cmetadata_gin ON langchain_pg_embedding USING gin (cmetadata jsonb_path_ops);

INSERT INTO langchain_pg_collection (uuid, name, cmetadata) VALUES
  ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', 'sql', NULL),
  ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a02', 'ddl', NULL),
  ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a03', 'documentation', NULL),
  ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a04', 'error_sql', NULL)
ON CONFLICT DO NOTHING;

INSERT INTO langchain_pg_embedding (id, collection_id, embedding, document, cmetadata)
SELECT md5('seed' || g)::uuid::text || '-sql',
       '6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01',
       (SELECT array_agg(((random() - 0.5) * 0.06)::real) FROM generate_series(1, 1024 + 0 * g))::vector,
       json_build_object('question', 'How many orders did shop ' || g || ' take last month?',
                         'sql', 'SELECT count(*) FROM sales_order WHERE shop_id = ' || g || ';')::text,
       jsonb_build_object('id', md5('seed' || g)::uuid::text || '-sql', 'createdat', NULL)
FROM generate_series(1, 12) AS g
ON CONFLICT DO NOTHING;
