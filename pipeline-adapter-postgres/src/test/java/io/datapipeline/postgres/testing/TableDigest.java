package io.datapipeline.postgres.testing;

/** A table's content as one comparable value: row count and the md5 of its rows in a fixed order. */
public final class TableDigest {

    private TableDigest() {
    }

    /** {@code <rows>:<md5>} of every row of the table as text, ordered by that text. */
    public static String of(TestDatabase db, String table) {
        return db.queryString("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') "
                + "FROM " + table + " t");
    }

    /** Both LangChain tables. */
    public static String store(TestDatabase db) {
        return of(db, "langchain_pg_collection") + " " + of(db, "langchain_pg_embedding");
    }
}
