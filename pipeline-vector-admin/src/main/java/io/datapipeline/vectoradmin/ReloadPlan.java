package io.datapipeline.vectoradmin;

import io.datapipeline.core.port.in.ReloadVectorStoreCommand;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.TrainingItem;
import io.datapipeline.vectoradmin.port.LangChainTables;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which items of a reload need a vector, decided from what the store holds: a load without truncate skips the items
 * stored already (by id, or the same document under another id) and embeds the rest; a truncating reload reuses the
 * stored vectors of items whose collection records the same model (carried over its removal, or left untouched by a
 * replace by difference) and embeds the rest. Items that have their vector already are never embedded again.
 *
 * @param reuse   ids of items whose stored row (same model) stays or is carried over
 * @param skip    ids of items stored already that a load without truncate does not write
 * @param toEmbed items without a vector that are neither reused nor skipped
 */
record ReloadPlan(Set<String> reuse, Set<String> skip, List<TrainingItem> toEmbed) {

    ReloadPlan {
        reuse = Set.copyOf(reuse);
        skip = Set.copyOf(skip);
        toEmbed = List.copyOf(toEmbed);
    }

    static final ReloadPlan NOTHING = new ReloadPlan(Set.of(), Set.of(), List.of());

    static ReloadPlan of(Map<String, CollectionState> state, LangChainTables.Stored stored,
            ReloadVectorStoreCommand cmd, Collection<TrainingItem> items) {
        Set<String> reuse = new LinkedHashSet<>();
        Set<String> skip = new LinkedHashSet<>();
        List<TrainingItem> toEmbed = new ArrayList<>();
        for (TrainingItem item : items) {
            if (!cmd.truncate() && stored.holds(item)) {
                skip.add(item.id());
            } else if (cmd.truncate() && stored.ids().contains(item.id())
                    && sameModel(state.get(item.collection()), cmd.provenance())) {
                reuse.add(item.id());
            } else if (!item.embedded()) {
                toEmbed.add(item);
            }
        }
        return new ReloadPlan(reuse, skip, toEmbed);
    }

    /** Whether the collection's vectors are all of the model {@code p}, as recorded, so that they can be reused. */
    static boolean sameModel(CollectionState c, EmbeddingProvenance p) {
        return c != null && p != null && !c.ambiguous() && c.provenance() != null && c.provenance().sameModelAs(p)
                && c.dimensions().keySet().stream().allMatch(d -> d == p.dimension());
    }
}
