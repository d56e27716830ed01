package io.datapipeline.core.port.in;

import io.datapipeline.core.vector.StoreInventory;

/** The store's collections, rows, dimensions and recorded models, and whether the configured model can search them. */
public interface InspectVectorStoreUseCase {

    StoreInventory inspect();
}
