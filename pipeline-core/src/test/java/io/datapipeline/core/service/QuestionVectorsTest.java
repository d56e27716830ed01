package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import io.datapipeline.core.vector.EmbeddingProvenance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuestionVectorsTest {

    private static final TaskId ID = new TaskId("task_1");
    private static final EmbeddingProvenance MODEL = EmbeddingProvenance.of("fake", "m", 2);

    private final InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace();
    private final List<String> asked = new ArrayList<>();

    private List<float[]> embed(List<String> texts) {
        asked.addAll(texts);
        return texts.stream().map(t -> new float[] {t.length(), 1}).toList();
    }

    @Test
    void givenQuestionsEmbeddedOnce_whenAskedAgain_thenOnlyNewQuestionsAreEmbeddedAndOrderIsKept() {
        ws.create(ID);
        QuestionVectors.of(ws, ID, MODEL, List.of("a?", "bb?"), this::embed);
        asked.clear();

        List<float[]> v = QuestionVectors.of(ws, ID, MODEL, List.of("bb?", "ccc?", "a?"), this::embed);

        assertThat(asked).containsExactly("ccc?");
        assertThat(v).extracting(x -> x[0]).containsExactly(3f, 4f, 2f);
    }

    @Test
    void givenAnotherModelOrABrokenFile_whenAsked_thenEverythingIsEmbeddedAgain() {
        ws.create(ID);
        QuestionVectors.of(ws, ID, MODEL, List.of("a?"), this::embed);
        asked.clear();

        QuestionVectors.of(ws, ID, EmbeddingProvenance.of("fake", "other", 2), List.of("a?"), this::embed);
        assertThat(asked).containsExactly("a?");

        asked.clear();
        ws.writeBytes(ID, QuestionVectors.FILE, new byte[] {1, 2, 3});
        QuestionVectors.of(ws, ID, MODEL, List.of("a?"), this::embed);
        assertThat(asked).containsExactly("a?");
    }
}
