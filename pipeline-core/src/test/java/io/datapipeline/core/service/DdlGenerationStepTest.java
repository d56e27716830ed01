package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.fakes.FakeSchemaInspector;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import io.datapipeline.core.fakes.ScriptedLanguageModel;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.SchemaInspector.ColumnDescription;
import io.datapipeline.core.port.out.SchemaInspector.ForeignKey;
import io.datapipeline.core.port.out.SchemaInspector.TableDescription;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.core.vector.TransferProgress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DdlGenerationStepTest {

    private static final DatabaseUrl DB = DatabaseUrl.parse("postgresql://app:s3cret@db:5432/shop", "db");
    private static final TableDescription SHOP = new TableDescription(new TableName("public", "shop"), null, List.of(
            new ColumnDescription("id", "integer", false, null, "Key"),
            new ColumnDescription("name", "text", false, null, null),
            new ColumnDescription("city_id", "integer", true, null, "City of the shop")),
            List.of("id"), List.of(new ForeignKey(List.of("city_id"), new TableName("public", "city"), List.of("id"))), 2);
    private static final TableDescription REGION = new TableDescription(new TableName("sales", "Region"),
            "Sales regions", List.of(new ColumnDescription("Code", "text", false, null, "Region code")), List.of("Code"),
            List.of(), -1);
    private static final TableDescription ORDERS = new TableDescription(new TableName("public", "orders"), "Orders",
            List.of(new ColumnDescription("id", "bigint", false, null, "Order number")), List.of("id"), List.of(), 10);

    private final Clock clock = Clock.fixed(Instant.parse("2025-07-21T11:30:10Z"), ZoneOffset.UTC);
    private final InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace(clock);
    private final FakeSchemaInspector inspector = new FakeSchemaInspector()
            .add(SHOP, List.of(Map.of("id", "1", "name", "North; East", "city_id", "7"), row2()))
            .add(REGION, List.of(Map.of("Code", "N")))
            .add(ORDERS, List.of());
    private final Task task = task(DB);

    private static Map<String, String> row2() {
        Map<String, String> row = new java.util.LinkedHashMap<>();
        row.put("id", "2");
        row.put("name", "South");
        row.put("city_id", null);
        return row;
    }

    private static Task task(DatabaseUrl db) {
        return new Task(new TaskId("task_1"), null, TaskStatus.IN_PROGRESS, TaskParameters.defaults(db, "shops"), "shop",
                "api", Instant.parse("2025-07-21T11:30:00Z"), null, null, null);
    }

    private StepOutcome run(Optional<LanguageModel> model) {
        return run(task, model);
    }

    private StepOutcome run(Task t, Optional<LanguageModel> model) {
        return new DdlGenerationStep(ws, inspector, model).run(new StepContext(t, null, null,
                new TaskLog(ws, t.id(), clock), TransferProgress.NONE));
    }

    private String file(String name) {
        return ws.readText(task.id(), name).orElseThrow(() -> new AssertionError("no " + name));
    }

    @Test
    void givenATableListWithKnownUnknownAndInvalidEntries_whenRun_thenEachKnownTableGetsItsTwoFilesAndTheRestIsReported() {
        ws.writeText(task.id(), "table_list.txt", "shop\nsales.\"Region\"\nmissing_table\n1bad\n");

        StepOutcome outcome = run(Optional.empty());

        assertThat(outcome.success()).isTrue();
        assertThat(outcome.result()).isInstanceOfSatisfying(StepResult.DdlGeneration.class, r -> {
            assertThat(r.tablesRequested()).isEqualTo(3);
            assertThat(r.tablesProcessed()).isEqualTo(2);
            assertThat(r.processedTables()).containsExactly("public.shop", "sales.Region");
            assertThat(r.tablesNotFound()).containsExactly("missing_table");
            assertThat(r.invalidEntries()).singleElement().asString().startsWith("1bad: ");
            assertThat(r.filesGenerated()).as("two per table and the mapping").isEqualTo(5);
            assertThat(r.llmComments()).isZero();
        });
        assertThat(ws.list(task.id())).extracting(TaskWorkspace.FileInfo::name).containsExactly("data_pipeline.log",
                "filename_mapping.txt", "sales.Region.ddl", "sales.Region_detail.md", "shop.ddl", "shop_detail.md",
                "table_list.txt");
        assertThat(file("filename_mapping.txt")).isEqualTo("# File name mapping\n# Format: table -> file\n\n"
                + "public.shop -> shop_detail.md\nsales.\"Region\" -> sales.Region_detail.md\n");
        String log = file("data_pipeline.log");
        assertThat(log).contains("[WARNING] pipeline.ddl_generation: skipping table list entry 1bad: ")
                .contains("[WARNING] pipeline.ddl_generation: table missing_table does not exist in "
                        + "postgresql://app:***@db:5432/shop; not sampled")
                .doesNotContain("s3cret");
    }

    @Test
    void givenATable_whenRendered_thenTheDdlIsValidSqlWithCommentsAfterTheCommaAndTheMarkdownListsFieldsKeysAndExamples() {
        ws.writeText(task.id(), "table_list.txt", "shop");

        run(Optional.empty());

        List<String> ddl = file("shop.ddl").lines().toList();
        assertThat(ddl.subList(0, 3)).containsExactly("-- Table: public.shop", "-- Estimated rows: 2",
                "create table public.shop (");
        assertThat(ddl.get(3)).startsWith("  id integer not null,").endsWith(" -- Key");
        assertThat(ddl.get(4)).isEqualTo("  name text not null,");
        assertThat(ddl.get(5)).startsWith("  city_id integer,").endsWith(" -- City of the shop");
        assertThat(ddl.subList(6, ddl.size())).containsExactly("  primary key (id),",
                "  foreign key (city_id) references public.city (id)", ");");
        assertThat(file("shop_detail.md")).isEqualTo("## public.shop\n"
                + "public.shop: table of the business database (about 2 rows).\n"
                + "Fields:\n"
                + "- id (integer) - Key [primary key, not null] [examples: 1, 2]\n"
                + "- name (text) [not null] [examples: North, East, South]\n"
                + "- city_id (integer) - City of the shop [examples: 7]\n"
                + "Notes:\n"
                + "- primary key: id\n"
                + "- city_id references public.city (id)\n");
    }

    @Test
    void givenALanguageModel_whenATableLacksComments_thenTheProposalFillsOnlyWhatTheCatalogLacksAndCompleteTablesAreNotAsked() {
        ws.writeText(task.id(), "table_list.txt", "shop\nsales.\"Region\"");
        ScriptedLanguageModel model = new ScriptedLanguageModel().thenComments(new LanguageModel.CommentProposal(
                "Shops of the chain", Map.of("name", "Shop name", "id", "not used: the catalog has one")));

        StepOutcome outcome = run(Optional.of(model));

        assertThat(((StepResult.DdlGeneration) outcome.result()).llmComments()).isEqualTo(3);
        assertThat(model.prompts()).singleElement().asString().contains("Business context: shops")
                .contains("Table: public.shop").contains("- city_id integer -- City of the shop")
                .contains("Sample rows:");
        String ddl = file("shop.ddl");
        assertThat(ddl).contains("-- Description: Shops of the chain\n");
        assertThat(ddl.lines()).anySatisfy(l -> assertThat(l).startsWith("  name text not null,").endsWith("-- Shop name"))
                .anySatisfy(l -> assertThat(l).startsWith("  id integer not null,").endsWith("-- Key"));
        assertThat(file("shop_detail.md")).startsWith("## public.shop (Shops of the chain)\n");
        assertThat(file("sales.Region.ddl")).contains("-- Description: Sales regions");
    }

    @Test
    void givenTheModelCannotPropose_whenRun_thenTheFilesAreWrittenWithoutProposalsAndAWarningIsLogged() {
        ws.writeText(task.id(), "table_list.txt", "shop");
        ScriptedLanguageModel model = new ScriptedLanguageModel().thenUnusable("no JSON today");

        StepOutcome outcome = run(Optional.of(model));

        assertThat(outcome.success()).isTrue();
        assertThat(((StepResult.DdlGeneration) outcome.result()).llmComments()).isZero();
        assertThat(file("shop.ddl")).doesNotContain("-- Description");
        assertThat(file("data_pipeline.log")).contains("[WARNING] pipeline.ddl_generation: no comments proposed for "
                + "public.shop: ").contains("no JSON today");
    }

    @Test
    void givenAPreviousRun_whenRunAgainWithFewerTables_thenTheFilesOfDroppedTablesAreRemovedAndOtherFilesKept() {
        ws.writeText(task.id(), "table_list.txt", "shop\norders");
        run(Optional.empty());
        ws.writeText(task.id(), "orders_notes.md", "written by hand");
        ws.writeText(task.id(), "table_list.txt", "shop");

        run(Optional.empty());

        assertThat(ws.list(task.id())).extracting(TaskWorkspace.FileInfo::name).containsExactly("data_pipeline.log",
                "filename_mapping.txt", "orders_notes.md", "shop.ddl", "shop_detail.md", "table_list.txt");
        assertThat(file("filename_mapping.txt")).doesNotContain("orders");
        assertThat(file("data_pipeline.log")).contains("removed orders.ddl from a previous run")
                .contains("removed orders_detail.md from a previous run");
    }

    @Test
    void givenANameThatIsNoSafeFileName_whenRun_thenItsFilesGetASanitisedNameWithAHashAndTheMappingSaysWhich() {
        inspector.add(new TableDescription(new TableName("sales", "Odd Name/2"), null, List.of(new ColumnDescription(
                "x", "text", true, null, null)), List.of(), List.of(), -1), List.of());
        ws.writeText(task.id(), "table_list.txt", "sales.\"Odd Name/2\"");

        run(Optional.empty());

        assertThat(ws.list(task.id())).extracting(TaskWorkspace.FileInfo::name)
                .anySatisfy(n -> assertThat(n).matches("sales\\.Odd_Name_2_[0-9a-f]+\\.ddl"))
                .anySatisfy(n -> assertThat(n).matches("sales\\.Odd_Name_2_[0-9a-f]+_detail\\.md"));
        assertThat(file("filename_mapping.txt")).containsPattern(
                "sales\\.\"Odd Name/2\" -> sales\\.Odd_Name_2_[0-9a-f]+_detail\\.md\n");
    }

    @Test
    void givenNoTableListOrNoDatabaseOrNoUsableName_whenRun_thenTheStepFailsSayingWhatToDo() {
        assertThatThrownBy(() -> run(Optional.empty())).isInstanceOf(StepFailure.class)
                .hasMessageContaining("upload the table list first");
        ws.writeText(task.id(), "table_list.txt", "# nothing\n1bad\n");
        assertThatThrownBy(() -> run(Optional.empty())).isInstanceOf(StepFailure.class)
                .hasMessageContaining("names no valid table").hasMessageContaining("1bad");
        ws.writeText(task.id(), "table_list.txt", "missing_a\nmissing_b\n");
        assertThatThrownBy(() -> run(Optional.empty())).isInstanceOf(StepFailure.class)
                .hasMessageContaining("none of the 2 listed tables exists in postgresql://app:***@db:5432/shop")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        assertThatThrownBy(() -> run(task(null), Optional.empty())).isInstanceOf(StepFailure.class)
                .hasMessageContaining("no business database");
        assertThat(ws.readText(task.id(), "filename_mapping.txt")).isEmpty();
    }
}
