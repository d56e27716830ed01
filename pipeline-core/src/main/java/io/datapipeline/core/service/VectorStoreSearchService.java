package io.datapipeline.core.service;

import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.port.in.InspectVectorStoreUseCase;
import io.datapipeline.core.port.in.SearchVectorStoreCommand;
import io.datapipeline.core.port.in.SearchVectorStoreUseCase;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.port.out.VectorStoreReader;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.StoreHit;
import io.datapipeline.core.vector.StoreInventory;
import io.datapipeline.core.vector.StoreSearchResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store as the assistant sees it: its collections, and what it retrieves for a question. */
public final class VectorStoreSearchService implements SearchVectorStoreUseCase, InspectVectorStoreUseCase {

    private final VectorStoreReader store;
    private final EmbeddingModel embedder;

    public VectorStoreSearchService(VectorStoreReader store, EmbeddingModel embedder) {
        this.store = store;
        this.embedder = embedder;
    }

    @Override
    public StoreInventory inspect() {
        Optional<EmbeddingProvenance> configured;
        String problem = null;
        try {
            configured = Optional.of(embedder.provenance());
        } catch (PipelineException e) {
            configured = Optional.empty();
            problem = e.getMessage();
        }
        List<StoreInventory.Collection> out = new ArrayList<>();
        for (CollectionState c : store.collections().values()) {
            out.add(new StoreInventory.Collection(c, StoreInventory.Compatibility.of(c, configured)));
        }
        return new StoreInventory(out, embedder.describe(), configured, problem);
    }

    @Override
    public StoreSearchResult search(SearchVectorStoreCommand cmd) {
        EmbeddingProvenance model = embedder.provenance();
        Map<String, CollectionState> collections = store.collections();
        CollectionState c = collections.get(cmd.collection());
        if (c == null) {
            throw new NotFoundException("the store has no collection '" + cmd.collection() + "'"
                    + (collections.isEmpty() ? " (it has no LangChain tables or no collections yet)"
                    : " (it has " + String.join(", ", collections.keySet()) + ")") + "; load training data first");
        }
        List<String> warnings = new ArrayList<>();
        StoreGuard.check(c, model).ifPresent(warnings::add);
        if (c.ambiguous()) {
            warnings.add(c.otherUuids().size() + 1 + " collection rows are named '" + c.name() + "'; like the "
                    + "assistant, the search reads the first one only");
        }
        if (c.rows() == 0) {
            warnings.add("collection '" + c.name() + "' is empty");
            return new StoreSearchResult(c.name(), cmd.question(), cmd.k(), model, List.of(), warnings);
        }
        float[] q = embedder.embed(List.of(cmd.question())).get(0);
        List<StoreHit> hits = store.search(c.name(), q, cmd.k());
        return new StoreSearchResult(c.name(), cmd.question(), cmd.k(), model, hits, warnings);
    }
}
