package io.datapipeline.vectoradmin;

import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.TruncateScope;
import io.datapipeline.core.port.in.ReloadVectorStoreCommand;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.EmbeddingProvenance;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a reload refuses before it touches anything: rows it cannot be searched together with, ambiguous collections. */
final class ReloadGuard {

    private ReloadGuard() {
    }


    /**
     * Refuses, before anything is touched, a load whose vectors could not be searched together with the rows
     * that stay: another dimension, or another recorded model.
     */
    static void check(Map<String, CollectionState> state, ReloadVectorStoreCommand cmd, Set<String> loaded,
            List<String> warnings) {
        for (CollectionState c : state.values()) {
            if (c.ambiguous() && (loaded.contains(c.name()) || cmd.truncate())) {
                throw new ConflictException("refused before anything changed: " + (c.otherUuids().size() + 1)
                        + " collection rows are named '" + c.name() + "' (uuids " + c.uuid() + ", "
                        + String.join(", ", c.otherUuids()) + "); the assistant reads only one of them, so loading "
                        + "or removing rows by that name could empty the one it reads. Merge or remove the extra "
                        + "collection rows first");
            }
        }
        EmbeddingProvenance p = cmd.provenance();
        if (p == null || cmd.items().isEmpty()) {
            return;
        }
        for (CollectionState c : state.values()) {
            boolean replaced = cmd.truncate() && (cmd.scope() == TruncateScope.TABLE || loaded.contains(c.name()));
            if (!replaced && c.rows() > 0) {
                checkKept(c, p, loaded, warnings);
            }
        }
    }

    private static void checkKept(CollectionState c, EmbeddingProvenance p, Set<String> loaded,
            List<String> warnings) {
        for (Map.Entry<Integer, Long> d : c.dimensions().entrySet()) {
            if (d.getKey() != p.dimension()) {
                throw new ConflictException("refused before anything changed: collection '" + c.name() + "' holds "
                        + d.getValue() + " vector(s) of " + d.getKey() + " dimensions, but this load's embedding "
                        + "model " + p.describe() + " gives " + p.dimension() + "; a store with two dimensions "
                        + "breaks every similarity search. Load with the model that made the store, or replace the "
                        + "whole table (truncate with scope table) to change models");
            }
        }
        if (c.provenance() != null && !c.provenance().sameModelAs(p)) {
            throw new ConflictException("refused before anything changed: collection '" + c.name() + "' holds "
                    + c.rows() + " vector(s) made by " + c.provenance().describe() + ", but this load uses "
                    + p.describe() + "; vectors of two models cannot be searched together. Load with the same "
                    + "model, or replace the whole table (truncate with scope table) to change models");
        }
        if (c.provenance() == null && loaded.contains(c.name())) {
            warnings.add("collection '" + c.name() + "' holds " + c.rows() + " row(s) whose embedding model was "
                    + "never recorded (dimension " + c.dimensions().keySet() + " matches); the new vectors of "
                    + p.describe() + " are added beside them");
        }
    }
}
