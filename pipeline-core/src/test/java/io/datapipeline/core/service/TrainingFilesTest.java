package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The original trainer's rules one by one. Every expected value here is what the original's functions
 * ({@code run_training.py} at d21d87c: {@code read_file_by_delimiter}, {@code read_markdown_file_by_sections},
 * {@code train_formatted_question_sql_pairs}, {@code train_json_question_sql_pairs}) return for the same input.
 */
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

        // every ';' splits, also the ones in comments, and is dropped
        assertThat(s.items()).filteredOn(i -> i.collection().equals("ddl")).extracting(TrainingFiles.Item::document)
                .containsExactly("-- Table: shop", "with a semicolon in a comment\ncreate table shop (\n  id int -- key",
                        ")");
        assertThat(s.items()).filteredOn(i -> i.collection().equals("documentation"))
                .extracting(TrainingFiles.Item::document).containsExactly("## shop\nFields:\n- id", "## second\ntext");
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
    void givenSemicolonsAndBlankChunks_whenSplittingStatements_thenTheDelimiterIsDroppedAndEmptyChunksSkipped() {
        assertThat(TrainingFiles.splitStatements("a;;  ;\nb ; -- c; d\n")).containsExactly("a", "b", "-- c", "d");
        assertThat(TrainingFiles.splitStatements("")).isEmpty();
        assertThat(TrainingFiles.splitStatements(" ;\n;")).isEmpty();
    }

    @Test
    void givenWindowsLineEndsAndPythonOnlyWhitespace_whenSplittingStatements_thenTheyAreReadAsPythonReadsThem() {
        // Python's text mode turns \r\n and \r into \n; str.strip() also strips U+00A0, U+3000, U+0085
        assertThat(TrainingFiles.splitStatements("x\r\ny;z\rw;\u00a0\u3000\u0085;")).containsExactly("x\ny", "z\nw");
    }

    @Test
    void givenHeadingsOfEachLevel_whenSplittingSections_thenTextBeforeTheFirstIsDroppedAndLevelFourStaysInside() {
        assertThat(TrainingFiles.splitSections("preamble\n# A\na\n## B\nb\n### C\nc\n#### D\nd\n"))
                .containsExactly("# A\na", "## B\nb", "### C\nc\n#### D\nd");
    }

    @Test
    void givenHeadingsWithoutASpace_whenSplittingSections_thenTheyAreHeadingsAndABareHashSwallowsTheNextLine() {
        assertThat(TrainingFiles.splitSections("#X\nx\n#\n# after bare\n##Y"))
                .containsExactly("#X\nx", "#\n# after bare", "##Y");
    }

    @Test
    void givenNoHeadingOrOnlyBlanks_whenSplittingSections_thenTheWholeTextIsOneSectionOrThereIsNone() {
        assertThat(TrainingFiles.splitSections("no heading\n#### deep\n")).containsExactly("no heading\n#### deep");
        assertThat(TrainingFiles.splitSections(" \n\n")).isEmpty();
        assertThat(TrainingFiles.splitSections("")).isEmpty();
    }

    @Test
    void givenAHashNotAtTheLineStartAndWindowsLineEnds_whenSplittingSections_thenOnlyLineStartsCount() {
        assertThat(TrainingFiles.splitSections("  # not at line start\n#Real\r\nline\r\n")).containsExactly("#Real\nline");
    }

    @Test
    void givenQuestionSqlBlocks_whenParsed_thenTheyFollowTheOriginalsMarkers() {
        List<String[]> blocks = TrainingFiles.questionSqlBlocks("intro\nQUESTION : q1\nsql :\nSELECT 1\nFROM t;\n\n"
                + "question: no sql\n\nSQL: first\nQuestion: then\n\nQuestion: a\nSQL: SELECT a;\nQuestion: b\nSQL: SELECT b;");

        assertThat(blocks).extracting(b -> b[0] + " => " + b[1]).containsExactly("q1 => SELECT 1\nFROM t;",
                "no sql => first", "a => SELECT a;");
    }

    @Test
    void givenNonStringPairValues_whenCollected_thenTheyArePythonsStrStripped() {
        List<Object> pairs = new ArrayList<>();
        pairs.add(map("question", 5, "sql", true));
        pairs.add(map("Question", null, "SQL", 1.0));
        pairs.add(map("QUESTION", List.of(1, "a"), "sql", Map.of("k", 1e20)));
        pairs.add(map("question", new BigInteger("123456789012345678901234567890"), "sql", new BigDecimal("0.1")));
        pairs.add(map("question", 12L, "sql", List.of("it's", "say \"hi\"", "tab\t\u00e9\u00a0\u4e2d\u200b")));
        pairs.add(map("question", " \u3000padded\u00a0 ", "sql", false));
        ws.writeJson(id, "x_pairs.json", pairs);

        assertThat(sqlDocuments()).containsExactly(
                "{\"question\": \"5\", \"sql\": \"True\"}",
                "{\"question\": \"None\", \"sql\": \"1.0\"}",
                "{\"question\": \"[1, 'a']\", \"sql\": \"{'k': 1e+20}\"}",
                "{\"question\": \"123456789012345678901234567890\", \"sql\": \"0.1\"}",
                "{\"question\": \"12\", \"sql\": \"[\\\"it's\\\", 'say \\\"hi\\\"', 'tab\\\\t\u00e9\\\\xa0\u4e2d\\\\u200b']\"}",
                "{\"question\": \"padded\", \"sql\": \"False\"}");
    }

    @Test
    void givenKeysInAnyCaseAndMissingOrEmptyValues_whenCollected_thenTheLastMatchingKeyWinsAndIncompletePairsAreSkipped() {
        ws.writeJson(id, "x_pair.json", List.of(map("question", "first", "Question", "last", "sql", "s"),
                map("question", " x ", "sql", ""), map("question", "q"), map("SQL", "SELECT 1"), "not an object",
                map("Question", "  ", "sql", "SELECT 2")));

        TrainingFiles.Selection s = TrainingFiles.collect(ws, id);

        assertThat(sqlDocuments()).containsExactly("{\"question\": \"last\", \"sql\": \"s\"}");
        assertThat(s.items()).singleElement().satisfies(i -> assertThat(i.sql()).isEqualTo("s"));
        assertThat(s.warnings()).containsExactly("x_pair.json: 5 item(s) without question or sql were skipped");
    }

    @Test
    void givenFileNames_whenCheckedAgainstTheSkipRules_thenConflictCopiesOldAndBackupFilesAreNotTrainingFiles() {
        assertThat(List.of("a.ddl_1", "a.md_12", "A.DDL_3", "b.MD_0", "c_old", "C_OLD", "d_pair.json_old",
                "e_pair.json.backup", "f.backup.ddl", "g.BACKUP_20250101", "h.ddl_1\n"))
                .noneMatch(TrainingFiles::isTrainingFile);
        assertThat(List.of("a.ddl", "a.md", "a.ddl_x", "a.sql_1", "notes.markdown", "x_pair.json", "old.ddl",
                "backup.md", "a_1.ddl")).allMatch(TrainingFiles::isTrainingFile);
    }

    @Test
    void givenSkippedAndUnknownFiles_whenCollected_thenNothingOfThemIsLoaded() {
        ws.writeText(id, "a.ddl_1", "create table a (x int);");
        ws.writeText(id, "b.md_2", "# b");
        ws.writeText(id, "c.ddl_old", "create table c (x int);");
        ws.writeText(id, "d.backup.md", "# d");
        ws.writeText(id, "metadata.txt", "CREATE TABLE metadata (id int);");
        ws.writeJson(id, "task_config.json", Map.of("task_id", "task_1"));
        ws.writeText(id, "plain.sql", "SELECT 1;");

        TrainingFiles.Selection s = TrainingFiles.collect(ws, id);

        assertThat(s.items()).isEmpty();
        assertThat(s.skipped()).containsExactly("a.ddl_1", "b.md_2", "c.ddl_old", "d.backup.md", "metadata.txt",
                "task_config.json");
        assertThat(s.plainSqlFiles()).containsExactly("plain.sql");
    }

    @Test
    void givenDoublesOfEveryMagnitude_whenPrintedAsPythonDoes_thenTheTextIsPythonsRepr() throws IOException {
        String table;
        try (InputStream in = getClass().getResourceAsStream("/original-trainer/python-float-repr.txt")) {
            table = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int checked = 0;
        for (String line : table.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            double d = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
            assertThat(TrainingFiles.pyFloatRepr(d)).as("repr of %s (bits %s)", d, f[0]).isEqualTo(f[1]);
            checked++;
        }
        assertThat(checked).isGreaterThan(1000);
        assertThat(TrainingFiles.pyFloatRepr(Double.NaN)).isEqualTo("nan");
        assertThat(TrainingFiles.pyFloatRepr(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    @Test
    void givenQuotesAndNewlines_whenBuildingTheSqlDocument_thenItIsValidJsonText() {
        assertThat(JsonText.questionSql("多少 \"shops\"?", "SELECT 'a\\b'\nFROM t"))
                .isEqualTo("{\"question\": \"多少 \\\"shops\\\"?\", \"sql\": \"SELECT 'a\\\\b'\\nFROM t\"}");
    }

    private List<String> sqlDocuments() {
        return TrainingFiles.collect(ws, id).items().stream().filter(i -> i.collection().equals("sql"))
                .map(TrainingFiles.Item::document).toList();
    }

    /** An ordered map that, unlike Map.of, keeps nulls and the given key order (as parsed JSON does). */
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
