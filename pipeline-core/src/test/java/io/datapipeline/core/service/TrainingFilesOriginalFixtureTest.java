package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.fakes.FakeJson;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Task directories run through {@link TrainingFiles#collect}, compared item for item with what the original
 * trainer ({@code run_training.py}, d21d87c) trains for them. The expectations
 * ({@code original-trainer/<dir>.expected-items.jsonl}) were written from the original's rules outside this
 * project, not from our output; see {@code original-trainer/README.md}.
 */
class TrainingFilesOriginalFixtureTest {

    /** The chunks of a plain {@code *.sql} file: the original asks the LLM for their questions. */
    private static final String PLAIN_SQL = "sql-needs-question";

    private final TaskId id = new TaskId("task_fixture");
    private final InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace();

    @Test
    void givenTheOriginalsTaskDirectory_whenCollected_thenTheItemsAreExactlyWhatTheOriginalTrains() {
        load("training_data_manual_20250720_134836");

        TrainingFiles.Selection s = TrainingFiles.collect(ws, id);

        assertThat(actual(s)).containsExactlyElementsOf(expected("training_data_manual_20250720_134836"));
        assertThat(s.items()).hasSize(64);
        assertThat(s.items()).filteredOn(i -> i.sourceFile().equals("metadata_detail.md")).singleElement()
                .satisfies(i -> assertThat(i.collection()).isEqualTo("documentation"));
        assertThat(s.skipped()).containsExactly("db_query_decision_prompt.txt", "filename_mapping.txt", "metadata.txt",
                "qs_highway_db_20250720_135235_pair.json.backup");
        assertThat(s.files()).hasSize(16);
        assertThat(s.plainSqlFiles()).isEmpty();
    }

    @Test
    void givenTheCornerCasesOfEveryRule_whenCollected_thenTheItemsAreExactlyWhatTheOriginalTrains() {
        load("edge_cases");

        TrainingFiles.Selection s = TrainingFiles.collect(ws, id);

        assertThat(actual(s)).containsExactlyElementsOf(expected("edge_cases"));
        assertThat(s.skipped()).containsExactlyInAnyOrder("a.ddl_1", "b.md_12", "c.MD_3", "notes_old",
                "x_pair.json.backup", "y.backup.ddl", "z_pair.json_old", "readme.txt", "task_config.json",
                "data_pipeline.log", "object_pairs.json");
        assertThat(s.plainSqlFiles()).containsExactly("extra.sql");
        assertThat(s.warnings()).anyMatch(w -> w.startsWith("object_pairs.json is not a JSON array"))
                .anyMatch(w -> w.startsWith("qs_edge_pair.json: 5 item(s)"));
    }

    private List<String> actual(TrainingFiles.Selection s) {
        List<String> out = new ArrayList<>();
        s.items().forEach(i -> out.add(key(i.collection(), i.document())));
        for (String f : s.plainSqlFiles()) {
            TrainingFiles.splitStatements(ws.readText(id, f).orElseThrow()).forEach(c -> out.add(key(PLAIN_SQL, c)));
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static List<String> expected(String dir) {
        List<String> out = new ArrayList<>();
        for (String line : read(resources().resolve(dir + ".expected-items.jsonl")).split("\n")) {
            if (!line.isBlank()) {
                Map<?, ?> m = (Map<?, ?>) FakeJson.parse(line);
                out.add(key((String) m.get("collection"), (String) m.get("document")));
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** One line per item so that a failure shows the differing documents. */
    private static String key(String collection, String document) {
        return collection + " | " + JsonText.quote(document);
    }

    /** The files of the directory into the fake: {@code *.json} parsed (as the real workspace's readJson does). */
    private void load(String dir) {
        ws.create(id);
        try (Stream<Path> files = Files.list(resources().resolve(dir))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                String text = read(p);
                if (name.endsWith(".json")) {
                    ws.writeJson(id, name, FakeJson.parse(text));
                } else {
                    ws.writeText(id, name, text);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resources() {
        try {
            return Path.of(TrainingFilesOriginalFixtureTest.class.getResource("/original-trainer").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
