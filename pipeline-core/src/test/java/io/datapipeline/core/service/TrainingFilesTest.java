package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingFilesTest {

    private final TaskId id = new TaskId("task_1");
    private final InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace();

    @Test
    void givenTheOriginalsFileKinds_whenCollected_thenEachGoesToItsCollectionAndCopiesAreSkipped() {
        ws.writeText(id, "shop.ddl", "-- Table: shop; with a semicolon in a comment\ncreate table shop (\n  id int -- key;\n);\n");
        ws.writeText(id, "shop.ddl_1", "create table stale ();");
        ws.writeText(id, "shop_detail.md", "## shop\nFields:\n- id\n## second\ntext\n");
        ws.writeJson(id, "qs_db_20250101_000000_pair.json", List.of(Map.of("question", "How many?", "sql", "SELECT 1;"),
                Map.of("Question", "Case?", "SQL", "SELECT 2;"), Map.of("question", "", "sql", "x")));
        ws.writeJson(id, "qs_db_20250101_000000_pair.json.backup_20250101_000001", List.of());
        ws.writeText(id, "more_pairs.sql", "Question: Total?\nSQL: SELECT sum(x) FROM t;\n\nQuestion: Count?\nSQL: SELECT 3;");
        ws.writeText(id, "notes_old", "old");
        ws.writeText(id, "table_list.txt", "shop");

        TrainingFiles.Selection s = TrainingFiles.collect(ws, id);

        assertThat(s.items()).filteredOn(i -> i.collection().equals("ddl")).singleElement()
                .satisfies(i -> assertThat(i.document()).startsWith("-- Table: shop;").endsWith(");"));
        assertThat(s.items()).filteredOn(i -> i.collection().equals("documentation")).hasSize(2);
        assertThat(s.items()).filteredOn(i -> i.collection().equals("sql")).extracting(TrainingFiles.Item::document)
                .containsExactly("{\"question\": \"Total?\", \"sql\": \"SELECT sum(x) FROM t;\"}",
                        "{\"question\": \"Count?\", \"sql\": \"SELECT 3;\"}",
                        "{\"question\": \"How many?\", \"sql\": \"SELECT 1;\"}",
                        "{\"question\": \"Case?\", \"sql\": \"SELECT 2;\"}");
        assertThat(s.skipped()).contains("shop.ddl_1", "notes_old", "table_list.txt",
                "qs_db_20250101_000000_pair.json.backup_20250101_000001");
        assertThat(s.warnings()).anyMatch(w -> w.contains("without question or sql"));
    }

    @Test
    void givenQuotesAndNewlines_whenBuildingTheSqlDocument_thenItIsValidJsonText() {
        assertThat(JsonText.questionSql("多少 \"shops\"?", "SELECT 'a\\b'\nFROM t"))
                .isEqualTo("{\"question\": \"多少 \\\"shops\\\"?\", \"sql\": \"SELECT 'a\\\\b'\\nFROM t\"}");
    }
}
