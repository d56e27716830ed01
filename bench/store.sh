# Shared by the vector benchmarks: builds (or reuses) a LangChain (G2) store of ROWS x DIM in database $DB.
# Needs PSQL (array), DB, ROWS and DIM set by the caller.
build_store() {
  have=$("${PSQL[@]}" -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'")
  if [ "$have" = 1 ]; then
    shape=$("${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) || ' ' || coalesce(max(vector_dims(embedding)), 0) FROM langchain_pg_embedding" 2>/dev/null || echo none)
  else
    shape=none
  fi
  if [ "$shape" != "$ROWS $DIM" ]; then
    echo "== building $ROWS x $DIM in $DB" >&2
    "${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
    "${PSQL[@]}" -d "$DB" <<SQL
SET client_min_messages = warning;
CREATE EXTENSION vector;
CREATE TABLE langchain_pg_collection (uuid uuid PRIMARY KEY, name varchar NOT NULL UNIQUE, cmetadata json);
CREATE TABLE langchain_pg_embedding (id varchar PRIMARY KEY, collection_id uuid REFERENCES langchain_pg_collection(uuid)
  ON DELETE CASCADE, embedding vector($DIM), document varchar, cmetadata jsonb);
INSERT INTO langchain_pg_collection VALUES ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', 'sql', NULL),
  ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a02', 'documentation', '{"source": "bench"}');
INSERT INTO langchain_pg_embedding
SELECT md5(g::text)::uuid::text || CASE WHEN g % 2 = 0 THEN '-sql' ELSE '-doc' END,
       CASE WHEN g % 2 = 0 THEN '6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01'::uuid ELSE '6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a02'::uuid END,
       (SELECT array_agg(((random() - 0.5) * 0.08)::real) FROM generate_series(1, $DIM + 0 * g))::vector,
       format(E'Question %s: how many "orders", per shop?\nSELECT count(*) FROM sales_order WHERE shop_id = %s; -- 中文 %s',
              g, g % 40, repeat('x', g % 200)),
       jsonb_build_object('id', md5(g::text)::uuid::text, 'createdat', NULL, 'page', g % 300, 'ok', g % 2 = 0)
FROM generate_series(1, $ROWS) AS g;
VACUUM ANALYZE;
CHECKPOINT;
SQL
  fi

}
