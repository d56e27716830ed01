package io.datapipeline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.vector.EmbeddingProvenance;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EmbeddingModel} must do, run against the fake and the adapters (on a local model server, or
 * offline): one vector per text, in the texts' order, each of {@link EmbeddingModel#dimension()} floats, and a
 * provenance naming provider, model and that dimension. The models bound here are deterministic (the same text
 * gets the same vector), which is what makes the order observable.
 */
public abstract class EmbeddingModelContract {

    /** A deterministic model; batching adapters are configured with batches smaller than {@link #TEXTS}. */
    protected abstract EmbeddingModel model();

    protected static final List<String> TEXTS = List.of("How many shops are there?", "create table shop (id int);",
            "## shop（商店）\nFields:\n- id", "SELECT count(*) FROM shop;", "revenue per city and month");

    @Test
    void givenTexts_whenEmbedded_thenThereIsOneVectorPerTextOfTheModelsDimension() {
        EmbeddingModel model = model();

        List<float[]> vectors = model.embed(TEXTS);

        assertThat(model.dimension()).isPositive();
        assertThat(vectors).hasSize(TEXTS.size()).allSatisfy(v -> assertThat(v).hasSize(model.dimension()));
    }

    @Test
    void givenABatch_whenEmbedded_thenEachVectorIsTheOneItsTextGetsAloneInTheTextsOrder() {
        EmbeddingModel model = model();

        List<float[]> batch = model.embed(TEXTS);

        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(batch.get(i)).as("text %d", i).isEqualTo(model.embed(List.of(TEXTS.get(i))).get(0));
        }
        assertThat(batch.get(0)).as("different texts, different vectors: the order is observable")
                .isNotEqualTo(batch.get(1));
    }

    @Test
    void givenNoTexts_whenEmbedded_thenThereAreNoVectors() {
        assertThat(model().embed(List.of())).isEmpty();
    }

    @Test
    void givenTheModel_whenAskedForItsProvenance_thenItNamesProviderModelAndDimensionAndIsNotYetRecorded() {
        EmbeddingModel model = model();

        EmbeddingProvenance p = model.provenance();

        assertThat(p.provider()).isNotBlank();
        assertThat(p.model()).isNotBlank();
        assertThat(p.dimension()).isEqualTo(model.dimension());
        assertThat(p.recordedAt()).isNull();
        assertThat(p.taskId()).isNull();
        assertThat(p).isEqualTo(model.provenance()).isEqualTo(model().provenance());
        assertThat(model.describe()).isNotBlank();
    }
}
