package io.datapipeline.rest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.llm.testing.FakeModelServer;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The original's {@code /api/v0/database/tables} and {@code /api/v0/database/table/ddl} on a real server, a real
 * business database beside the vector database, and a fake model server for the comments.
 */
@ExtendWith(PostgresExtension.class)
class DatabaseApiIT {

    private static final String PW = "Sup3rS3cret";
    private static TestDatabase vector;
    private static TestDatabase business;
    private static FakeModelServer model;
    private static EmbeddedServer server;
    private static Api api;

    @BeforeAll
    static void start(TestDatabase db) throws IOException {
        vector = db;
        business = db.sibling("shop");
        business.execute("CREATE TABLE customer (id integer PRIMARY KEY, name text NOT NULL, city text)",
                "COMMENT ON TABLE customer IS 'People who buy'",
                "COMMENT ON COLUMN customer.name IS 'Full name'",
                "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id integer NOT NULL REFERENCES customer (id), "
                        + "status varchar(20) DEFAULT 'new', note text)",
                "COMMENT ON COLUMN orders.status IS 'new, paid or sent'",
                "CREATE SCHEMA sales",
                "CREATE TABLE sales.order_facts (day date, total numeric)",
                "CREATE VIEW sales.daily AS SELECT day, sum(total) AS total FROM sales.order_facts GROUP BY day",
                "INSERT INTO customer VALUES (1, 'Ann', 'Oslo'), (2, 'Bo', 'Rome')",
                "INSERT INTO orders VALUES (10, 1, 'new', 'gift'), (11, 2, 'paid', NULL)",
                "ANALYZE");
        model = new FakeModelServer().answerChat(body -> "{\"table_comment\": \"Orders of customers\", \"columns\": "
                + "{\"id\": \"Order number\", \"customer_id\": \"Who ordered\", \"note\": \"Free text\"}}");
        server = ApplicationContext.run(EmbeddedServer.class, props(true));
        api = new Api(server.getURL().toString());
    }

    private static Map<String, Object> props(boolean withModel) throws IOException {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("pipeline.db.url", vector.jdbcUrlWithCredentials());
        props.put("pipeline.data.dir", Files.createTempDirectory("rest-database").toString());
        if (withModel) {
            props.put("pipeline.llm.base.url", model.baseUrl());
            props.put("pipeline.llm.model", "fake-chat");
        }
        return props;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        model.close();
    }

    private static String url() {
        return "postgresql://" + business.user() + ":" + PW + "@" + business.host() + ":" + business.port() + "/"
                + business.name();
    }

    private static Api.Res tables(String fields) {
        return api.post("/api/v0/database/tables", "{\"db_connection\": \"" + url() + "\"" + fields + "}");
    }

    private static Api.Res ddl(String fields) {
        return api.post("/api/v0/database/table/ddl", "{\"db_connection\": \"" + url() + "\"" + fields + "}");
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    // ------------------------------------------------------------------ tables

    @Test
    void givenABusinessDatabase_whenListingItsTables_thenEveryUserTableAndViewComesQualifiedAndSorted() {
        Api.Res r = tables("");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(texts(r.data().get("tables"))).containsExactly("public.customer", "public.orders", "sales.daily",
                "sales.order_facts");
        assertThat(r.data().get("total").asInt()).isEqualTo(4);
        assertThat(texts(r.data().get("schemas"))).containsExactly("public", "sales");
        assertThat(r.data().at("/db_connection_info/database").asText()).isEqualTo(business.name());
        assertThat(r.data().has("table_name_pattern")).isFalse();
        assertThat(r.body()).doesNotContain(PW);
    }

    @Test
    void givenASchemaFilterOrAPattern_whenListing_thenOnlyThoseTablesComeBack() {
        Api.Res sales = tables(", \"schema\": \"sales\"");
        Api.Res both = tables(", \"schema\": [\"sales\", \"public\"], \"table_name_pattern\": \"ORDER*\"");
        Api.Res like = tables(", \"table_name_pattern\": \"%_facts\"");
        Api.Res none = tables(", \"schema\": \"no_such_schema\"");

        assertThat(texts(sales.data().get("tables"))).containsExactly("sales.daily", "sales.order_facts");
        assertThat(texts(both.data().get("tables"))).containsExactly("public.orders", "sales.order_facts");
        assertThat(both.data().get("table_name_pattern").asText()).isEqualTo("ORDER*");
        assertThat(texts(both.data().get("schemas"))).containsExactly("sales", "public");
        assertThat(texts(like.data().get("tables"))).containsExactly("sales.order_facts");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.data().get("total").asInt()).isZero();
    }

    // ------------------------------------------------------------------ one table

    @Test
    void givenATableWithoutABusinessContext_whenAskedForItsDdl_thenTheCatalogsCommentsOnlyAndNoModelCall() {
        int calls = model.requests().size();

        Api.Res r = ddl(", \"table\": \"orders\"");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String ddl = r.data().get("ddl").asText();
        assertThat(ddl).contains("create table public.orders (").contains("-- new, paid or sent")
                .contains("foreign key (customer_id) references public.customer (id)");
        assertThat(r.data().has("md")).as("type ddl is the default").isFalse();
        assertThat(r.data().at("/table_info/full_name").asText()).isEqualTo("public.orders");
        assertThat(r.data().at("/table_info/primary_key/0").asText()).isEqualTo("id");
        assertThat(r.data().at("/table_info/foreign_keys/0/referenced_table").asText()).isEqualTo("public.customer");
        assertThat(r.data().get("fields")).hasSize(4);
        JsonNode status = r.data().get("fields").get(2);
        assertThat(status.get("name").asText()).isEqualTo("status");
        assertThat(status.get("comment_source").asText()).isEqualTo("database");
        assertThat(status.get("default_value").asText()).isEqualTo("'new'::character varying");
        assertThat(r.data().at("/generation_info/has_llm_comments").asBoolean()).isFalse();
        assertThat(r.data().at("/generation_info/output_type").asText()).isEqualTo("ddl");
        assertThat(r.data().at("/generation_info/database").asText()).isEqualTo(business.name());
        assertThat(model.requests()).hasSize(calls);
        assertThat(r.body()).doesNotContain(PW);
    }

    @Test
    void givenABusinessContext_whenAskedForBoth_thenTheModelCommentsWhatTheCatalogLeavesOpen() {
        Api.Res r = ddl(", \"table\": \"public.orders\", \"business_context\": \"a small shop\", \"type\": \"both\"");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.data().get("ddl").asText()).contains("-- Description: Orders of customers")
                .contains("-- Who ordered").contains("-- new, paid or sent");
        assertThat(r.data().get("md").asText()).startsWith("## public.orders (Orders of customers)")
                .contains("- note (text) - Free text").contains("[examples: gift]");
        assertThat(r.data().at("/table_info/comment_source").asText()).isEqualTo("llm");
        assertThat(r.data().at("/fields/2/comment_source").asText()).as("the catalog's comment wins").isEqualTo("database");
        assertThat(r.data().at("/fields/3/comment").asText()).isEqualTo("Free text");
        assertThat(r.data().at("/fields/3/comment_source").asText()).isEqualTo("llm");
        assertThat(r.data().at("/generation_info/has_llm_comments").asBoolean()).isTrue();
        assertThat(r.data().at("/generation_info/business_context").asText()).isEqualTo("a small shop");
        assertThat(r.data().at("/generation_info/sampled_rows").asInt()).isEqualTo(2);
        assertThat(FakeModelServer.user(model.requests().get(model.requests().size() - 1).body()))
                .contains("Business context: a small shop").doesNotContain(PW);
    }

    @Test
    void givenLlmCommentsFalse_whenAskedForMarkdown_thenNoModelCallEvenWithAContext() {
        int calls = model.requests().size();

        Api.Res r = ddl(", \"table\": \"customer\", \"business_context\": \"shop\", \"type\": \"md\", "
                + "\"llm_comments\": false");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.data().has("ddl")).isFalse();
        assertThat(r.data().get("md").asText()).startsWith("## public.customer (People who buy)");
        assertThat(r.data().at("/generation_info/has_llm_comments").asBoolean()).isFalse();
        assertThat(model.requests()).hasSize(calls);
    }

    @Test
    void givenAServerWithoutAModel_whenCommentsAreAskedOrImplied_then400OrTheCatalogsCommentsWithAWarning()
            throws IOException {
        try (EmbeddedServer plain = ApplicationContext.run(EmbeddedServer.class, props(false))) {
            Api other = new Api(plain.getURL().toString());

            Api.Res asked = other.post("/api/v0/database/table/ddl", "{\"db_connection\": \"" + url()
                    + "\", \"table\": \"orders\", \"llm_comments\": true}");
            Api.Res implied = other.post("/api/v0/database/table/ddl", "{\"db_connection\": \"" + url()
                    + "\", \"table\": \"orders\", \"business_context\": \"shop\"}");

            assertThat(asked.status()).as(asked.body()).isEqualTo(400);
            assertThat(asked.data().get("field").asText()).isEqualTo("llm_comments");
            assertThat(implied.status()).as(implied.body()).isEqualTo(200);
            assertThat(implied.data().get("warnings").get(0).asText()).contains("no language model is configured");
        }
    }

    // ------------------------------------------------------------------ bad input

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            tables    | , "schemas": "public"                          | 400 | schemas
            tables    | , "schema": 5                                  | 400 | schema
            tables    | , "table_name_pattern": ""                     | 400 | table_name_pattern
            tables    | , "table_name_pattern": "a\\u0000"             | 400 | table_name_pattern
            tables    | , "schema": "sa\\u0000les"                     | 400 | schema
            table/ddl |                                                | 400 | table
            table/ddl | , "table": "a.b.c"                             | 400 | table
            table/ddl | , "table": "orders", "type": "sql"             | 400 | type
            table/ddl | , "table": "orders", "llm_comments": "false"   | 400 | llm_comments
            table/ddl | , "table": "orders", "business_context": 1     | 400 | business_context
            table/ddl | , "table": "orders", "surprise": true          | 400 | surprise
            table/ddl | , "table": "no_such_table"                     | 404 |
            table/ddl | , "table": "sales.Daily"                       | 404 |
            """)
    void givenBadInput_whenPosted_thenA4xxNamesTheField(String endpoint, String fields, int status, String field) {
        Api.Res r = api.post("/api/v0/database/" + endpoint, "{\"db_connection\": \"" + url() + "\""
                + (fields == null ? "" : fields) + "}");

        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("success").asBoolean()).isFalse();
        if (field != null) {
            assertThat(r.data().get("field").asText()).isEqualTo(field);
        }
        assertThat(r.body()).doesNotContain(PW);
    }

    @Test
    void givenAnUnreachableOrMissingDatabase_whenListing_then400NamingDbConnectionWithoutThePassword() {
        Api.Res refused = api.post("/api/v0/database/tables", "{\"db_connection\": \"postgresql://u:" + PW
                + "@127.0.0.1:1/shop\"}");
        Api.Res missing = api.post("/api/v0/database/tables", "{\"db_connection\": \"postgresql://" + business.user()
                + ":" + PW + "@" + business.host() + ":" + business.port() + "/no_such_database\"}");
        Api.Res absent = api.post("/api/v0/database/tables", "{}");

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.data().get("field").asText()).isEqualTo("db_connection");
        assertThat(refused.data().get("response").asText()).startsWith("cannot connect to postgresql://u:***@127.0.0.1:1/shop");
        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.data().get("response").asText()).contains("no_such_database");
        assertThat(absent.status()).isEqualTo(400);
        assertThat(absent.errorType()).isEqualTo("missing_required_params");
        assertThat(refused.body() + missing.body()).doesNotContain(PW);
    }
}
