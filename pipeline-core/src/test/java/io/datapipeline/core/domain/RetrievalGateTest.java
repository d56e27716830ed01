package io.datapipeline.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.retrieval.RetrievalFigures;
import io.datapipeline.core.retrieval.RetrievalProbe;
import io.datapipeline.core.vector.EmbeddingProvenance;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetrievalGateTest {

    private static RetrievalGate parse(List<String> min, String drop) {
        return RetrievalGate.parse(min, drop, "--min-retrieval", "--max-retrieval-drop");
    }

    private static RetrievalFigures figures(double ddlHit, double docHit) {
        return new RetrievalFigures(3, 10, 10, ddlHit, ddlHit, docHit, 0.5, 4);
    }

    private static List<String> failures(RetrievalGate gate, RetrievalFigures before, RetrievalFigures after) {
        return new RetrievalProbe(List.of(), List.of(), EmbeddingProvenance.of("fake", "m", 3), Set.of(), gate)
                .failures(before, after);
    }

    @Test
    void givenNoOptions_whenParsed_thenTheGateMeasuresOnlyAtTheDefaultK() {
        RetrievalGate gate = parse(null, null);

        assertThat(gate.active()).isFalse();
        assertThat(gate.k()).isEqualTo(3);
        assertThat(gate.criteria()).isEmpty();
    }

    @Test
    void givenMinimumsAndABareDrop_whenParsed_thenEveryFigureIsBoundAndTheOptionsRoundTrip() {
        RetrievalGate gate = parse(List.of("ddl_hit@5=0.8, doc_hit@5=0.5"), "0.05");

        assertThat(gate.k()).isEqualTo(5);
        assertThat(gate.minimums()).isEqualTo(Map.of("ddl_hit", 0.8, "doc_hit", 0.5));
        assertThat(gate.maxDrops()).containsOnlyKeys(RetrievalGate.METRICS).containsEntry("sql_match", 0.05);
        assertThat(gate.criteria()).contains("ddl_hit@5 >= 0.8", "sql_match@5 drops by <= 0.05");
        assertThat(parse(gate.minimumOptions(), gate.dropOption())).isEqualTo(gate);
    }

    @Test
    void givenBadCriteria_whenParsed_thenEachIsRefusedNamingTheOptionAndWhatToGive() {
        assertThatThrownBy(() -> parse(List.of("ddl_hit=0.8"), null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--min-retrieval 'ddl_hit=0.8' is not metric@k=value");
        assertThatThrownBy(() -> parse(List.of("recall@3=0.8"), null)).hasMessageContaining("names no figure")
                .hasMessageContaining("ddl_hit, ddl_recall, doc_hit, sql_match");
        assertThatThrownBy(() -> parse(List.of("ddl_hit@3=1.5"), null)).hasMessageContaining("from 0 to 1");
        assertThatThrownBy(() -> parse(List.of("ddl_hit@3=0.8", "doc_hit@5=0.5"), null))
                .hasMessageContaining("one k");
        assertThatThrownBy(() -> parse(List.of(), "lots")).hasMessageContaining("--max-retrieval-drop 'lots'");
        assertThatThrownBy(() -> parse(List.of("ddl_hit@x=0.5"), null)).hasMessageContaining("k must be a whole number");
    }

    @Test
    void givenTheFigures_whenChecked_thenAFloorOrAFallRefusesAndAMissingOldMeasureChecksNoFall() {
        RetrievalGate gate = parse(List.of("ddl_hit@3=0.8"), "doc_hit@3=0.1");

        assertThat(failures(gate, figures(0.9, 0.9), figures(0.85, 0.85))).isEmpty();
        assertThat(failures(gate, figures(0.9, 0.9), figures(0.7, 0.9)))
                .containsExactly("ddl_hit@3 is 0.700, below the minimum 0.8");
        assertThat(failures(gate, figures(0.9, 0.9), figures(0.9, 0.7)))
                .containsExactly("doc_hit@3 fell from 0.900 to 0.700, more than the 0.1 allowed");
        assertThat(failures(gate, null, figures(0.9, 0.1))).as("no old measure: no fall to check").isEmpty();
    }
}
