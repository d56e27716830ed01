package io.datapipeline.vectoradmin.sets;



import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.core.vector.EmbeddingCounts;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddingCountsTapTest {

    private static final UUID SQL = UUID.fromString("6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01");
    private static final UUID DDL = UUID.fromString("a0000000-0000-4000-8000-0000000000ff");
    private static final List<TableShape.Column> G2 = List.of(new TableShape.Column("id", "character varying", true),
            new TableShape.Column("collection_id", "uuid", false), new TableShape.Column("embedding", "vector", false),
            new TableShape.Column("document", "character varying", false),
            new TableShape.Column("cmetadata", "jsonb", false));

    /** A binary COPY stream of G2 rows: id, collection (or null), dimension (or -1 for NULL), and a vector length. */
    private static byte[] stream(Object[]... rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(BinaryCopyScanner.SIGNATURE);
        out.writeInt(0);
        out.writeInt(0);
        for (Object[] r : rows) {
            out.writeShort(5);
            byte[] id = ((String) r[0]).getBytes(StandardCharsets.UTF_8);
            out.writeInt(id.length);
            out.write(id);
            if (r[1] == null) {
                out.writeInt(-1);
            } else {
                UUID u = (UUID) r[1];
                out.writeInt(16);
                out.writeLong(u.getMostSignificantBits());
                out.writeLong(u.getLeastSignificantBits());
            }
            int dim = (Integer) r[2];
            if (dim < 0) {
                out.writeInt(-1);
            } else {
                int length = r.length > 3 ? (Integer) r[3] : 4 + 4 * dim;
                out.writeInt(length);
                out.writeShort(dim);
                out.writeShort(0);
                for (int i = 0; i < length - 4; i++) {
                    out.write(i);
                }
            }
            out.writeInt(3);
            out.write("doc".getBytes(StandardCharsets.UTF_8));
            out.writeInt(2);
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        }
        out.writeShort(-1);
        return bytes.toByteArray();
    }

    private static Optional<EmbeddingCounts> count(byte[] stream, int chunk) throws IOException {
        EmbeddingCountsTap tap = EmbeddingCountsTap.forColumns(G2, "collection_id", "embedding").orElseThrow();
        BinaryCopyScanner scanner = new BinaryCopyScanner(G2.size(), tap);
        for (int off = 0; off < stream.length; off += chunk) {
            scanner.update(stream, off, Math.min(chunk, stream.length - off));
        }
        scanner.finish();
        return tap.counts();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 1 << 16})
    void givenRowsOfTwoCollectionsInChunksOfAnySize_whenCounted_thenRowsAndDimensionsPerCollectionAreExact(int chunk)
            throws IOException {
        byte[] s = stream(new Object[] {"a", SQL, 1536}, new Object[] {"b", SQL, 1536}, new Object[] {"c", DDL, 48},
                new Object[] {"d", SQL, -1}, new Object[] {"e", null, 1536}, new Object[] {"f", SQL, 48},
                new Object[] {"g", DDL, 48});

        EmbeddingCounts counts = count(s, chunk).orElseThrow();

        assertThat(counts.rows()).as("NULL vectors count as rows, rows without a collection do not")
                .isEqualTo(Map.of(SQL.toString(), 4L, DDL.toString(), 2L));
        assertThat(counts.dimensionsOf(SQL.toString())).isEqualTo(Map.of(48, 1L, 1536, 2L));
        assertThat(counts.dimensionsOf(DDL.toString())).isEqualTo(Map.of(48, 2L));
    }

    @Test
    void givenAVectorWhoseLengthDoesNotMatchItsDimension_whenCounted_thenTheCountsAreUnusable() throws IOException {
        byte[] s = stream(new Object[] {"a", SQL, 3}, new Object[] {"b", SQL, 3, 10});

        assertThat(count(s, 5)).isEmpty();
    }

    @Test
    void givenColumnsThatAreNotAUuidCollectionAndAVector_whenATapIsAskedFor_thenThereIsNone() {
        List<TableShape.Column> textCollection = List.of(new TableShape.Column("collection_id", "text", false),
                new TableShape.Column("embedding", "vector", false));
        List<TableShape.Column> halfvec = List.of(new TableShape.Column("collection_id", "uuid", false),
                new TableShape.Column("embedding", "halfvec(8)", false));

        assertThat(EmbeddingCountsTap.forColumns(textCollection, "collection_id", "embedding")).isEmpty();
        assertThat(EmbeddingCountsTap.forColumns(halfvec, "collection_id", "embedding")).isEmpty();
        assertThat(EmbeddingCountsTap.forColumns(G2, "collection_id", "embedding")).isPresent();
    }
}
