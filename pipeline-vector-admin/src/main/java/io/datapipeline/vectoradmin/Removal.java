package io.datapipeline.vectoradmin;

import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.TruncateScope;
import io.datapipeline.core.vector.TableBackupResult;
import io.datapipeline.core.vector.TruncateResult;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.vectoradmin.port.VectorTransaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A truncating reload's removal of the old rows, inside its transaction, counted before and after for the report. */
final class Removal {

    private final VectorTables tables;

    Removal(VectorTables tables) {
        this.tables = tables;
    }

    void remove(VectorTransaction tx, TruncateScope scope, Set<String> loaded, Reloader.Work work) {
        long start = System.nanoTime();
        if (scope == TruncateScope.LOADED_COLLECTIONS) {
            long before = tx.count(tables.embedding());
            tx.langchain().deleteEmbeddings(loaded);
            long after = tx.count(tables.embedding());
            work.truncates.put(tables.embedding().display(), new TruncateResult(true, before, after,
                    (System.nanoTime() - start) / 1e9, null));
        } else {
            Map<TableName, Long> before = new LinkedHashMap<>();
            for (TableName t : tables.truncateScope()) {
                before.put(t, tx.count(t));
            }
            // embedding rows first: the collection rows they reference go last
            List<TableName> order = new ArrayList<>(tables.truncateScope());
            order.sort((a, b) -> a.equals(tables.embedding()) ? -1 : b.equals(tables.embedding()) ? 1 : 0);
            for (TableName t : order) {
                tx.deleteAll(t);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (TableName t : tables.truncateScope()) {
                long after = tx.count(t);
                if (after != 0) {
                    throw new PipelineException("removing the rows of " + t.display() + " left " + after + " rows");
                }
                work.truncates.put(t.display(), new TruncateResult(true, before.get(t), after, seconds, null));
            }
        }
        if (work.exported != null) {
            for (Map.Entry<String, TruncateResult> e : work.truncates.entrySet()) {
                TableBackupResult b = work.exported.tables().get(e.getKey());
                if (scope == TruncateScope.TABLE && b != null && b.rowCount() != e.getValue().rowsBefore()) {
                    throw new PipelineException("row count of " + e.getKey() + " changed during the backup ("
                            + b.rowCount() + " exported, " + e.getValue().rowsBefore() + " before removing); rolled back");
                }
            }
        }
        work.removed = true;
    }
}
