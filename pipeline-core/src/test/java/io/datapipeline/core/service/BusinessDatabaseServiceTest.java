package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.TableNamePattern;
import io.datapipeline.core.fakes.FakeSchemaInspector;
import io.datapipeline.core.fakes.ScriptedLanguageModel;
import io.datapipeline.core.port.in.DescribeBusinessTableCommand;
import io.datapipeline.core.port.in.DescribeBusinessTableCommand.Output;
import io.datapipeline.core.port.in.DescribeBusinessTableUseCase.TableDocument;
import io.datapipeline.core.port.in.ListBusinessTablesCommand;
import io.datapipeline.core.port.in.ListBusinessTablesUseCase.BusinessTables;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.SchemaInspector.ColumnDescription;
import io.datapipeline.core.port.out.SchemaInspector.TableDescription;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BusinessDatabaseServiceTest {

    private static final DatabaseUrl DB = DatabaseUrl.parse("postgresql://app:s3cret@db:5432/shop", "db_connection");
    private static final TableDescription ORDERS = new TableDescription(new TableName("public", "orders"), null,
            List.of(new ColumnDescription("id", "bigint", false, null, "Order number"),
                    new ColumnDescription("note", "text", true, null, null)), List.of("id"), List.of(), 2);
    private static final TableDescription FACTS = new TableDescription(new TableName("sales", "order_facts"), "Facts",
            List.of(new ColumnDescription("day", "date", true, null, "Day")), List.of(), List.of(), -1);

    private final FakeSchemaInspector inspector = new FakeSchemaInspector()
            .add(ORDERS, List.of(Map.of("id", "1", "note", "gift"))).add(FACTS, List.of());
    private final ScriptedLanguageModel model = new ScriptedLanguageModel();

    private BusinessDatabaseService service(Optional<LanguageModel> m) {
        return new BusinessDatabaseService(inspector, m);
    }

    private TableDocument describe(Optional<LanguageModel> m, String context, Output output, Boolean comments) {
        return service(m).describe(new DescribeBusinessTableCommand(DB, TableName.parse("orders"), context, output,
                comments));
    }

    @Test
    void givenSchemasAndAPattern_whenListing_thenTheTablesAreFilteredAndTheSchemasSaid() {
        BusinessTables all = service(Optional.empty()).listTables(new ListBusinessTablesCommand(DB, List.of(),
                Optional.empty()));
        BusinessTables facts = service(Optional.empty()).listTables(new ListBusinessTablesCommand(DB, List.of(
                " public ", "sales", "sales"), Optional.of(new TableNamePattern("*facts"))));

        assertThat(all.tables()).containsExactly(ORDERS.table(), FACTS.table());
        assertThat(all.schemas()).containsExactly("public", "sales");
        assertThat(all.database()).isEqualTo("shop");
        assertThat(facts.tables()).containsExactly(FACTS.table());
        assertThat(facts.schemas()).as("as asked, trimmed and once each").containsExactly("public", "sales");
    }

    @Test
    void givenABusinessContext_whenDescribing_thenTheModelCommentsOnlyWhatTheCatalogLeavesOpen() {
        model.thenComments(new LanguageModel.CommentProposal("Orders", Map.of("id", "ignored", "note", "Free text")));

        TableDocument d = describe(Optional.of(model), "a shop", Output.BOTH, null);

        assertThat(d.llmComments()).isTrue();
        assertThat(d.table().comment()).isEqualTo("Orders");
        assertThat(d.table().commentSource()).isEqualTo("llm");
        assertThat(d.fields()).extracting(f -> f.comment() + "/" + f.commentSource())
                .containsExactly("Order number/database", "Free text/llm");
        assertThat(d.ddl()).contains("-- Free text").contains("-- Order number").doesNotContain("ignored");
        assertThat(d.markdown()).startsWith("## public.orders (Orders)");
        assertThat(model.prompts()).singleElement().asString().contains("Business context: a shop")
                .doesNotContain("s3cret");
    }

    @Test
    void givenNoContextOrCommentsOff_whenDescribing_thenTheModelIsNotAskedAndOnlyTheAskedDocumentIsThere() {
        TableDocument plain = describe(Optional.of(model), null, null, null);
        TableDocument off = describe(Optional.of(model), "a shop", Output.MD, false);

        assertThat(model.prompts()).isEmpty();
        assertThat(plain.output()).isEqualTo(Output.DDL);
        assertThat(plain.ddl()).contains("create table public.orders (");
        assertThat(plain.markdown()).isNull();
        assertThat(plain.llmComments()).isFalse();
        assertThat(plain.model()).isNull();
        assertThat(off.ddl()).isNull();
        assertThat(off.markdown()).contains("- note (text)");
    }

    @Test
    void givenNoModel_whenCommentsAreAskedOrImplied_thenRefusedOrWarned() {
        assertThatThrownBy(() -> describe(Optional.empty(), null, null, true))
                .isInstanceOf(InvalidInputException.class).extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo("llm_comments");

        TableDocument implied = describe(Optional.empty(), "a shop", null, null);

        assertThat(implied.llmComments()).isFalse();
        assertThat(implied.warnings()).singleElement().asString().contains("no language model is configured");
    }

    @Test
    void givenAFailingModel_whenDescribing_thenTheDocumentsComeWithoutItsCommentsAndAWarning() {
        model.thenUnusable("not json");

        TableDocument d = describe(Optional.of(model), "a shop", null, null);

        assertThat(d.llmComments()).isFalse();
        assertThat(d.fields().get(1).comment()).isNull();
        assertThat(d.warnings()).singleElement().asString().startsWith("no comments proposed for public.orders");
    }

    @Test
    void givenAMissingTable_whenDescribing_thenNotFoundWithoutThePassword() {
        assertThatThrownBy(() -> service(Optional.empty()).describe(new DescribeBusinessTableCommand(DB,
                TableName.parse("nope"), null, null, null))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("nope").hasMessageNotContaining("s3cret");
    }
}
