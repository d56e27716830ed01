package io.datapipeline.core.port.out;

import java.util.List;
import java.util.Map;

/**
 * Writes embedded training items into the LangChain tables, in bulk, in one transaction of the given
 * session (which holds the store lock): all items are written or none.
 */
public interface TrainingDataWriter {

    /**
     * Writes items, creating missing collection rows.
     *
     * @return rows written per collection name
     */
    Map<String, Long> write(VectorStoreSession session, List<EmbeddedItem> items);

    /**
     * One row to write.
     *
     * @param collection {@code sql}, {@code ddl} or {@code documentation}
     * @param id         row id, e.g. {@code <uuid>-sql}; also stored as {@code cmetadata.id}
     * @param document   the text
     * @param embedding  the vector
     */
    record EmbeddedItem(String collection, String id, String document, float[] embedding) {
    }
}
