package io.datapipeline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.out.SchemaInspector;
import io.datapipeline.core.port.out.SchemaInspector.ColumnDescription;
import io.datapipeline.core.port.out.SchemaInspector.ForeignKey;
import io.datapipeline.core.port.out.SchemaInspector.TableDescription;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SchemaInspector} must do, run against the fake and PostgreSQL: describe a table of the business
 * database as its catalog says (comments, defaults, keys, estimate), resolve names as SQL does, and sample rows as
 * text. The business database holds {@link #SCHEMA}; the descriptions and rows below are what PostgreSQL reports
 * for it, and what a fake is built from.
 */
public abstract class SchemaInspectorContract {

    /** The business database, as SQL statements (the real adapter's test runs them; the fake is given the values). */
    public static final List<String> SCHEMA = List.of(
            "CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, city varchar(40))",
            "COMMENT ON TABLE customers IS 'People who buy'",
            "COMMENT ON COLUMN customers.name IS 'Full name'",
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id), "
                    + "status varchar(20) DEFAULT 'new', note text)",
            "CREATE SCHEMA sales",
            "CREATE TABLE sales.\"Region\" (\"Code\" text PRIMARY KEY, label text)",
            "INSERT INTO customers VALUES (1, 'Ann', 'Oslo'), (2, 'Bo', NULL), (3, 'Cy', 'Rome')",
            "INSERT INTO orders VALUES (10, 1, 'new', NULL), (11, 1, 'paid', 'gift, wrapped'), (12, 2, 'paid', NULL)",
            "INSERT INTO sales.\"Region\" VALUES ('N', 'North')",
            "ANALYZE");

    public static final TableDescription CUSTOMERS = new TableDescription(new TableName("public", "customers"),
            "People who buy", List.of(new ColumnDescription("id", "integer", false, null, null),
                    new ColumnDescription("name", "text", false, null, "Full name"),
                    new ColumnDescription("city", "character varying(40)", true, null, null)),
            List.of("id"), List.of(), 3);

    public static final TableDescription ORDERS = new TableDescription(new TableName("public", "orders"), null,
            List.of(new ColumnDescription("id", "bigint", false, null, null),
                    new ColumnDescription("customer_id", "integer", false, null, null),
                    new ColumnDescription("status", "character varying(20)", true, "'new'::character varying", null),
                    new ColumnDescription("note", "text", true, null, null)),
            List.of("id"), List.of(new ForeignKey(List.of("customer_id"), new TableName("public", "customers"),
                    List.of("id"))), 3);

    public static final TableDescription REGION = new TableDescription(new TableName("sales", "Region"), null,
            List.of(new ColumnDescription("Code", "text", false, null, null),
                    new ColumnDescription("label", "text", true, null, null)),
            List.of("Code"), List.of(), 1);

    public static final List<Map<String, String>> CUSTOMER_ROWS = List.of(row("id", "1", "name", "Ann", "city", "Oslo"),
            row("id", "2", "name", "Bo", "city", null), row("id", "3", "name", "Cy", "city", "Rome"));

    public static final List<Map<String, String>> ORDER_ROWS = List.of(
            row("id", "10", "customer_id", "1", "status", "new", "note", null),
            row("id", "11", "customer_id", "1", "status", "paid", "note", "gift, wrapped"),
            row("id", "12", "customer_id", "2", "status", "paid", "note", null));

    public static final List<Map<String, String>> REGION_ROWS = List.of(row("Code", "N", "label", "North"));

    /** The business database holding {@link #SCHEMA}. */
    protected abstract DatabaseUrl database();

    /** An inspector that can reach it. */
    protected abstract SchemaInspector inspector();

    private SchemaInspector inspector;

    @BeforeEach
    void setUpInspector() {
        inspector = inspector();
    }

    /** A row in column order; values may be null. */
    private static Map<String, String> row(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    @Test
    void givenAnUnqualifiedName_whenDescribed_thenTheTableOfPublicIsDescribedWithCommentsKeyAndEstimate() {
        assertThat(inspector.describe(database(), new TableName(null, "customers"))).contains(CUSTOMERS);
        assertThat(inspector.describe(database(), new TableName("public", "customers"))).contains(CUSTOMERS);
    }

    @Test
    void givenAForeignKeyAndADefault_whenDescribed_thenBothAreReported() {
        assertThat(inspector.describe(database(), new TableName(null, "orders"))).contains(ORDERS);
    }

    @Test
    void givenAMixedCaseNameInAnotherSchema_whenDescribed_thenOnlyItsExactQualifiedNameFindsIt() {
        assertThat(inspector.describe(database(), new TableName("sales", "Region"))).contains(REGION);
        assertThat(inspector.describe(database(), new TableName("sales", "region"))).isEmpty();
        assertThat(inspector.describe(database(), new TableName(null, "Region"))).as("not on the search path").isEmpty();
    }

    @Test
    void givenAMissingTable_whenDescribed_thenItIsEmptyAndSamplingItFails() {
        TableName missing = new TableName(null, "no_such_table");

        assertThat(inspector.describe(database(), missing)).isEmpty();
        assertThatThrownBy(() -> inspector.sample(database(), missing, 5)).isInstanceOf(PipelineException.class)
                .hasMessageContaining("no_such_table");
    }

    @Test
    void givenRows_whenSampled_thenAtMostTheLimitComesBackAsTextInColumnOrderWithNullAsNull() {
        List<Map<String, String>> two = inspector.sample(database(), new TableName("public", "customers"), 2);
        List<Map<String, String>> all = inspector.sample(database(), new TableName(null, "customers"), 20);

        assertThat(two).containsExactlyElementsOf(CUSTOMER_ROWS.subList(0, 2));
        assertThat(two.get(0).keySet()).containsExactly("id", "name", "city");
        assertThat(two.get(1)).containsEntry("city", null);
        assertThat(all).containsExactlyElementsOf(CUSTOMER_ROWS);
        assertThat(inspector.sample(database(), new TableName(null, "orders"), 20)).containsExactlyElementsOf(ORDER_ROWS);
        assertThat(inspector.sample(database(), new TableName("sales", "Region"), 20)).containsExactlyElementsOf(
                REGION_ROWS);
        assertThat(inspector.sample(database(), new TableName(null, "customers"), 0)).isEmpty();
    }

    @Test
    void givenATextColumn_whenItsDistinctValuesAreCounted_thenTheyComeMostFrequentFirstWithoutNullAndCapped() {
        TableName orders = new TableName("public", "orders");
        TableName customers = new TableName("public", "customers");

        assertThat(inspector.distinctValues(database(), orders, "status", 5000, 20)).containsExactly(
                new SchemaInspector.ValueCount("paid", 2), new SchemaInspector.ValueCount("new", 1));
        assertThat(inspector.distinctValues(database(), customers, "city", 5000, 20)).as("NULL is no value")
                .containsExactly(new SchemaInspector.ValueCount("Oslo", 1), new SchemaInspector.ValueCount("Rome", 1));
        assertThat(inspector.distinctValues(database(), customers, "city", 2, 20)).as("only the rows read")
                .containsExactly(new SchemaInspector.ValueCount("Oslo", 1));
        assertThat(inspector.distinctValues(database(), orders, "note", 5000, 0)).as("max + 1 at most")
                .containsExactly(new SchemaInspector.ValueCount("gift, wrapped", 1));
        assertThat(inspector.distinctValues(database(), new TableName("sales", "Region"), "Code", 5000, 20))
                .containsExactly(new SchemaInspector.ValueCount("N", 1));
    }

    @Test
    void givenSchemas_whenListingTables_thenTheirTablesComeQualifiedAndSortedAndSystemSchemasNever() {
        TableName customers = new TableName("public", "customers");
        TableName orders = new TableName("public", "orders");
        TableName region = new TableName("sales", "Region");

        assertThat(inspector.listTables(database(), List.of())).containsExactly(customers, orders, region);
        assertThat(inspector.listTables(database(), List.of("sales"))).containsExactly(region);
        assertThat(inspector.listTables(database(), List.of("sales", "public"))).containsExactly(customers, orders,
                region);
        assertThat(inspector.listTables(database(), List.of("no_such_schema"))).isEmpty();
        assertThat(inspector.listTables(database(), List.of("pg_catalog"))).as("PostgreSQL's own never").isEmpty();
    }

    /** For subclasses that build a fake: every table of {@link #SCHEMA} with its rows. */
    protected static List<Map.Entry<TableDescription, List<Map<String, String>>>> tablesWithRows() {
        return Arrays.asList(Map.entry(CUSTOMERS, CUSTOMER_ROWS), Map.entry(ORDERS, ORDER_ROWS),
                Map.entry(REGION, REGION_ROWS));
    }
}
