package io.datapipeline.vectoradmin.sets;

import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.core.vector.EmbeddingCounts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Counts the rows of each collection and their vector dimensions in a binary COPY of the embedding table while it
 * is being written, so a backup need not read the table a second time (a {@code GROUP BY vector_dims(…)} reads
 * every vector again, as much as the export itself). It reads a {@code uuid} {@code collection_id} (16 bytes) and
 * the dimension word at the head of a pgvector {@code vector} (its binary form is a 16-bit dimension, 16 unused
 * bits, then 4 bytes per element). A value that does not have that form makes the counts unusable: the caller
 * then asks the database.
 */
public final class EmbeddingCountsTap implements BinaryCopyScanner.Tap, CountsTap {

    private static final int UUID_BYTES = 16;
    private static final int VECTOR_HEAD = 2;

    private final int collectionField;
    private final int vectorField;
    private final Map<UUID, long[]> rows = new HashMap<>();
    private final Map<UUID, Map<Integer, long[]>> dims = new HashMap<>();
    private long msb;
    private long lsb;
    private boolean hasCollection;
    private int dim = -1;
    private boolean usable = true;
    private UUID last;
    private long[] lastRows;
    private Map<Integer, long[]> lastDims;

    private EmbeddingCountsTap(int collectionField, int vectorField) {
        this.collectionField = collectionField;
        this.vectorField = vectorField;
    }

    /**
     * A tap for an export of these columns, or empty when they are not a {@code uuid collection_id} and a
     * {@code vector} embedding column (then the counts come from the database).
     */
    static Optional<EmbeddingCountsTap> forColumns(List<TableShape.Column> columns, String collectionColumn,
            String vectorColumn) {
        int c = -1;
        int v = -1;
        for (int i = 0; i < columns.size(); i++) {
            TableShape.Column col = columns.get(i);
            if (col.name().equals(collectionColumn) && col.type().equals("uuid")) {
                c = i;
            }
            if (col.name().equals(vectorColumn) && (col.type().equals("vector") || col.type().startsWith("vector("))) {
                v = i;
            }
        }
        return c < 0 || v < 0 ? Optional.empty() : Optional.of(new EmbeddingCountsTap(c, v));
    }

    @Override
    public int prefix(int index) {
        return index == collectionField ? UUID_BYTES : index == vectorField ? VECTOR_HEAD : 0;
    }

    @Override
    public void field(int index, int length, byte[] prefix, int prefixLength) {
        if (index == collectionField) {
            if (length == -1) {
                hasCollection = false;
            } else if (length == UUID_BYTES && prefixLength == UUID_BYTES) {
                hasCollection = true;
                msb = word(prefix, 0);
                lsb = word(prefix, 8);
            } else {
                usable = false;
            }
        } else if (index == vectorField) {
            if (length == -1) {
                dim = -1;
            } else if (prefixLength == VECTOR_HEAD) {
                dim = ((prefix[0] & 0xff) << 8) | (prefix[1] & 0xff);
                if (length != 4 + 4L * dim) {
                    usable = false;
                }
            } else {
                usable = false;
            }
        }
    }

    @Override
    public void rowEnd() {
        if (hasCollection) {
            if (last == null || last.getMostSignificantBits() != msb || last.getLeastSignificantBits() != lsb) {
                last = new UUID(msb, lsb);
                lastRows = rows.computeIfAbsent(last, k -> new long[1]);
                lastDims = dims.computeIfAbsent(last, k -> new HashMap<>());
            }
            lastRows[0]++;
            if (dim >= 0) {
                lastDims.computeIfAbsent(dim, k -> new long[1])[0]++;
            }
        }
        hasCollection = false;
        dim = -1;
    }

    @Override
    public Optional<EmbeddingCounts> counts() {
        if (!usable) {
            return Optional.empty();
        }
        Map<String, Long> r = new HashMap<>();
        Map<String, Map<Integer, Long>> d = new HashMap<>();
        rows.forEach((uuid, n) -> r.put(uuid.toString(), n[0]));
        dims.forEach((uuid, byDim) -> {
            Map<Integer, Long> m = new HashMap<>();
            byDim.forEach((k, n) -> m.put(k, n[0]));
            d.put(uuid.toString(), m);
        });
        return Optional.of(new EmbeddingCounts(r, d));
    }

    private static long word(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
