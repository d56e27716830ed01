package io.datapipeline.vectoradmin.sets;

import io.datapipeline.core.vector.EmbeddingCounts;
import io.datapipeline.vectoradmin.port.TableShape;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link CountsTap} of a CSV COPY of the embedding table ({@code FORMAT csv, HEADER}), fed the stream's bytes as they
 * go by, in chunks of any size. It follows PostgreSQL's CSV quoting (a field in double quotes, a quote inside doubled;
 * records end with a newline outside quotes; an unquoted empty field is NULL), keeps the {@code collection_id} text of
 * each row and counts the commas of its {@code vector} text ({@code [1,2,3]}: 3 dimensions). A value that does not
 * have that form, or a stream that ends inside a quote, makes the counts unusable and the caller asks the database.
 */
final class CsvCountsTap implements CountsTap {

    private static final int UUID_CHARS = 36;

    private final int collectionField;
    private final int vectorField;
    private final Map<String, long[]> rows = new HashMap<>();
    private final Map<String, Map<Integer, long[]>> dims = new HashMap<>();
    private final byte[] uuid = new byte[UUID_CHARS];
    private final byte[] lastUuid = new byte[UUID_CHARS];
    private String lastName;
    private long[] lastRows;
    private Map<Integer, long[]> lastDims;
    private boolean header = true;
    private boolean inQuotes;
    private boolean quotePending;
    private boolean quoted;
    private int field;
    private long fieldLength;
    private int uuidLength;
    private boolean hasCollection;
    private int commas;
    private int firstVectorByte = -1;
    private int dim = -1;
    private boolean usable = true;

    private CsvCountsTap(int collectionField, int vectorField) {
        this.collectionField = collectionField;
        this.vectorField = vectorField;
    }

    /**
     * A tap for a CSV export of these columns, or empty when they are not a {@code uuid collection_id} and a
     * {@code vector} embedding column.
     */
    static Optional<CsvCountsTap> forColumns(List<TableShape.Column> columns, String collectionColumn,
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
        return c < 0 || v < 0 ? Optional.empty() : Optional.of(new CsvCountsTap(c, v));
    }

    /** Follows {@code len} more bytes of the stream. */
    void update(byte[] b, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (inQuotes) {
                if (quotePending) {
                    quotePending = false;
                    if (c == '"') {
                        content(c);
                        continue;
                    }
                    inQuotes = false;
                } else {
                    if (c == '"') {
                        quotePending = true;
                    } else {
                        content(c);
                    }
                    continue;
                }
            }
            if (c == ',') {
                endField();
            } else if (c == '\n') {
                endField();
                endRecord();
            } else if (c == '"' && fieldLength == 0 && !quoted) {
                inQuotes = true;
                quoted = true;
            } else {
                content(c);
            }
        }
    }

    private void content(byte c) {
        if (field == collectionField) {
            if (uuidLength < UUID_CHARS) {
                uuid[uuidLength] = c;
            }
            uuidLength++;
        } else if (field == vectorField) {
            if (fieldLength == 0) {
                firstVectorByte = c;
            }
            if (c == ',') {
                commas++;
            }
        }
        fieldLength++;
    }

    private void endField() {
        boolean isNull = fieldLength == 0 && !quoted;
        if (header) {
            // the header's field names are no values
        } else if (field == collectionField) {
            hasCollection = !isNull;
            if (!isNull && uuidLength != UUID_CHARS) {
                usable = false;
            }
        } else if (field == vectorField) {
            if (isNull) {
                dim = -1;
            } else if (firstVectorByte == '[') {
                dim = commas + 1;
            } else {
                usable = false;
            }
        }
        field++;
        fieldLength = 0;
        quoted = false;
        uuidLength = 0;
        commas = 0;
        firstVectorByte = -1;
    }

    private void endRecord() {
        if (header) {
            header = false;
        } else if (hasCollection) {
            if (lastName == null || !java.util.Arrays.equals(uuid, lastUuid)) {
                System.arraycopy(uuid, 0, lastUuid, 0, UUID_CHARS);
                lastName = new String(uuid, StandardCharsets.US_ASCII);
                lastRows = rows.computeIfAbsent(lastName, k -> new long[1]);
                lastDims = dims.computeIfAbsent(lastName, k -> new HashMap<>());
            }
            lastRows[0]++;
            if (dim >= 0) {
                lastDims.computeIfAbsent(dim, k -> new long[1])[0]++;
            }
        }
        field = 0;
        hasCollection = false;
        dim = -1;
    }

    @Override
    public Optional<EmbeddingCounts> counts() {
        if (!usable || inQuotes && !quotePending || field != 0 || fieldLength != 0) {
            return Optional.empty();
        }
        Map<String, Long> r = new HashMap<>();
        Map<String, Map<Integer, Long>> d = new HashMap<>();
        rows.forEach((u, n) -> r.put(u, n[0]));
        dims.forEach((u, byDim) -> {
            Map<Integer, Long> m = new HashMap<>();
            byDim.forEach((k, n) -> m.put(k, n[0]));
            d.put(u, m);
        });
        return Optional.of(new EmbeddingCounts(r, d));
    }
}
