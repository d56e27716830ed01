package io.datapipeline.core.port.in;


/**
 * Goes from the old store to the new one in a single commit: writers blocked, both tables exported from one
 * snapshot into a durable backup set, the old rows removed and the new rows written in the same transaction,
 * then COMMIT. Readers see the old store until the commit and the new one after it; a failure or crash before
 * the commit leaves the old store exactly as it was.
 */
public interface ReloadVectorStoreUseCase {

    /**
     * @return what happened; never throws for a failed load (the report says so, with the commit outcome)
     * @throws io.datapipeline.core.domain.BusyException when another vector operation holds the store lock
     */
    ReloadReport reload(ReloadVectorStoreCommand command);
}
