package io.datapipeline.postgres.testing;

/** DDL of the LangChain PGVector tables, for tests. */
public final class LangChainSchema {

    /** langchain-postgres (G2): {@code id varchar} key, {@code jsonb} metadata, the FK with ON DELETE CASCADE. */
    public static final String[] G2 = {
        "CREATE TABLE IF NOT EXISTS langchain_pg_collection (uuid uuid PRIMARY KEY, name varchar NOT NULL UNIQUE, "
                + "cmetadata json)",
        "CREATE TABLE IF NOT EXISTS langchain_pg_embedding (id varchar PRIMARY KEY, collection_id uuid "
                + "REFERENCES langchain_pg_collection(uuid) ON DELETE CASCADE, embedding vector, document varchar, "
                + "cmetadata jsonb)",
        "CREATE INDEX IF NOT EXISTS ix_cmetadata_gin ON langchain_pg_embedding USING gin (cmetadata jsonb_path_ops)"
    };

    /** legacy langchain_community (G1): {@code uuid} key plus {@code custom_id}, {@code json} metadata. */
    public static final String[] G1 = {
        "CREATE TABLE IF NOT EXISTS langchain_pg_collection (uuid uuid PRIMARY KEY, name varchar, cmetadata json)",
        "CREATE TABLE IF NOT EXISTS langchain_pg_embedding (uuid uuid PRIMARY KEY, collection_id uuid "
                + "REFERENCES langchain_pg_collection(uuid) ON DELETE CASCADE, embedding vector, document varchar, "
                + "cmetadata json, custom_id varchar)"
    };

    private LangChainSchema() {
    }
}
