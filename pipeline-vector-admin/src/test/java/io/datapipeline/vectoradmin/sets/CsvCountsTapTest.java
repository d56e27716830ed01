package io.datapipeline.vectoradmin.sets;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.vector.EmbeddingCounts;
import io.datapipeline.vectoradmin.port.TableShape;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvCountsTapTest {

    private static final String SQL = "6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01";
    private static final String DDL = "a0000000-0000-4000-8000-0000000000ff";
    private static final List<TableShape.Column> G2 = List.of(new TableShape.Column("id", "character varying", true),
            new TableShape.Column("collection_id", "uuid", false), new TableShape.Column("embedding", "vector", false),
            new TableShape.Column("document", "character varying", false),
            new TableShape.Column("cmetadata", "jsonb", false));

    /**
     * As PostgreSQL writes {@code COPY … TO STDOUT WITH (FORMAT csv, HEADER)}: a header, quoted fields with commas,
     * doubled quotes and newlines inside, an unquoted empty field for NULL, a quoted empty string, UTF-8 text.
     */
    private static final String STREAM = "id,collection_id,embedding,document,cmetadata\n"
            + "a-sql," + SQL + ",\"[0.5,0.25,0.125]\",\"How many, \"\"exactly\"\"?\",\"{\"\"id\"\": \"\"a\"\"}\"\n"
            + "b-sql," + SQL + ",,\"no vector,\nbut two lines\",{}\n"
            + "c-ddl," + DDL + ",\"[1,2,3,4,5]\",\"\",{}\n"
            + "orphan,,\"[1,2,3]\",\"表, 中文\",{}\n"
            + "d-sql," + SQL + ",\"[1,2,3]\",\"a \"\"quoted\"\"\n\"\"line\"\"\",\"{}\"\n";

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 7, 64, 100_000})
    void givenACsvStreamInChunksOfAnySize_whenCounted_thenRowsAndDimensionsPerCollectionAreTheDatabasesOnes(int chunk) {
        CsvCountsTap tap = CsvCountsTap.forColumns(G2, "collection_id", "embedding").orElseThrow();
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            tap.update(bytes, i, Math.min(chunk, bytes.length - i));
        }

        EmbeddingCounts counts = tap.counts().orElseThrow();

        assertThat(counts.rows()).isEqualTo(Map.of(SQL, 3L, DDL, 1L));
        assertThat(counts.dimensions()).isEqualTo(Map.of(SQL, Map.of(3, 2L), DDL, Map.of(5, 1L)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"not-a-uuid", "vector without brackets", "ends inside a quote"})
    void givenAValueOfAnotherForm_whenCounted_thenTheCountsAreUnusableAndTheDatabaseIsAsked(String what) {
        String row = switch (what) {
            case "not-a-uuid" -> "x,abc,\"[1,2]\",d,{}\n";
            case "vector without brackets" -> "x," + SQL + ",\"1,2\",d,{}\n";
            default -> "x," + SQL + ",\"[1,2]\",\"never closed,{}\n";
        };
        CsvCountsTap tap = CsvCountsTap.forColumns(G2, "collection_id", "embedding").orElseThrow();
        byte[] bytes = ("id,collection_id,embedding,document,cmetadata\n" + row).getBytes(StandardCharsets.UTF_8);

        tap.update(bytes, 0, bytes.length);

        assertThat(tap.counts()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text", "bytea"})
    void givenColumnsThatAreNotAUuidAndAVector_whenAsked_thenThereIsNoTap(String type) {
        List<TableShape.Column> other = List.of(new TableShape.Column("collection_id", type, false),
                new TableShape.Column("embedding", "vector", false));

        assertThat(CsvCountsTap.forColumns(other, "collection_id", "embedding")).isEmpty();
    }
}
