package io.datapipeline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.datapipeline.core.port.out.VectorStoreReader;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.StoreHit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VectorStoreReader} must do, run against the fake and PostgreSQL: collections with their rows,
 * dimensions and recorded model; the search is langchain_postgres's, nearest by cosine distance within the
 * collection found by name, {@code k} at most, and nothing for a collection that does not exist.
 */
public abstract class VectorStoreReaderContract {

    /** One stored row. */
    public record Row(String collection, String id, String document, float[] vector) {
    }

    protected static final EmbeddingProvenance RECORDED = new EmbeddingProvenance("onnx", "bge-small-zh-v1.5-q", 3,
            "2025-07-21T11:30:10Z", "task_20250721_113010");

    /**
     * A reader over a store holding exactly these rows, collection {@code ddl} recording {@link #RECORDED} and the
     * others nothing.
     */
    protected abstract VectorStoreReader store(List<Row> rows);

    private static final List<Row> ROWS = List.of(
            new Row("ddl", "a-ddl", "create table a", new float[] {1, 0, 0}),
            new Row("ddl", "b-ddl", "create table b", new float[] {0.6f, 0.8f, 0}),
            new Row("ddl", "c-ddl", "create table c", new float[] {0, 0, 1}),
            new Row("ddl", "d-ddl", "create table d", new float[] {-1, 0, 0}),
            new Row("sql", "q-sql", "{\"question\": \"a?\", \"sql\": \"select 1\"}", new float[] {2, 0, 0}));

    @Test
    void givenAStore_whenItsCollectionsAreRead_thenEachHasItsRowsDimensionsAndRecordedModel() {
        Map<String, CollectionState> c = store(ROWS).collections();

        assertThat(c.keySet()).containsExactlyInAnyOrder("ddl", "sql");
        assertThat(c.get("ddl").rows()).isEqualTo(4);
        assertThat(c.get("ddl").dimensions()).containsExactly(Map.entry(3, 4L));
        assertThat(c.get("ddl").provenance()).isEqualTo(RECORDED);
        assertThat(c.get("sql").provenance()).isNull();
    }

    @Test
    void givenAQuery_whenSearched_thenTheNearestByCosineDistanceComeFirstWithinThatCollectionOnly() {
        List<StoreHit> hits = store(ROWS).search("ddl", new float[] {0.9f, 0.1f, 0}, 3);

        assertThat(hits).extracting(StoreHit::id).containsExactly("a-ddl", "b-ddl", "c-ddl");
        double cosA = 0.9 / Math.sqrt(0.82);
        assertThat(hits.get(0).distance()).isCloseTo(1 - cosA, within(1e-6));
        assertThat(hits.get(0).document()).isEqualTo("create table a");
        assertThat(hits.get(2).distance()).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void givenKOrAnUnknownCollection_whenSearched_thenAtMostKRowsAndNothingForTheUnknownOne() {
        VectorStoreReader s = store(ROWS);

        assertThat(s.search("ddl", new float[] {0, 0, 1}, 10)).hasSize(4).first().extracting(StoreHit::id)
                .isEqualTo("c-ddl");
        assertThat(s.search("documentation", new float[] {0, 0, 1}, 5)).isEmpty();
        assertThat(s.search("sql", new float[] {1, 0, 0}, 1)).singleElement().extracting(StoreHit::distance)
                .satisfies(d -> assertThat((double) d).isCloseTo(0.0, within(1e-6)));
    }
}
