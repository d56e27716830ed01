package io.datapipeline.vectoradmin.sets;

import io.datapipeline.core.vector.EmbeddingCounts;
import java.util.Optional;

/**
 * Counts the rows of each collection and their vector dimensions in the COPY stream of the embedding table while it is
 * exported, so the backup need not read the table a second time: {@link EmbeddingCountsTap} for a binary stream,
 * {@link CsvCountsTap} for a CSV one.
 */
public interface CountsTap {

    /** The counts, or empty when a value did not have the expected form (then the database is asked). */
    Optional<EmbeddingCounts> counts();
}
