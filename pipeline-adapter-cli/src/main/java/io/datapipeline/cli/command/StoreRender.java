package io.datapipeline.cli.command;

import io.datapipeline.core.retrieval.QuestionOutcome;
import io.datapipeline.core.retrieval.RetrievalEvaluation;
import io.datapipeline.core.retrieval.RetrievalFigures;
import io.datapipeline.core.retrieval.RetrievalHistoryEntry;
import io.datapipeline.core.retrieval.TableCoverage;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.StoreHit;
import io.datapipeline.core.vector.StoreInventory;
import io.datapipeline.core.vector.StoreSearchResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The store's collections, search results and evaluations for a terminal. */
final class StoreRender {

    private StoreRender() {
    }

    static void inventory(PrintWriter out, StoreInventory inv) {
        out.println("configured embedding model: " + inv.embedder());
        if (inv.embedderProblem() != null) {
            out.println("  " + inv.embedderProblem());
        }
        if (inv.collections().isEmpty()) {
            out.println("the store has no collections");
        }
        for (StoreInventory.Collection c : inv.collections()) {
            CollectionState s = c.state();
            out.printf(Locale.ROOT, "  %-16s %8d rows  dimensions %-10s model %-44s %s%n", s.name(), s.rows(),
                    s.dimensions().keySet(), s.provenance() == null ? "(not recorded)" : s.provenance().describe(),
                    c.compatibility().wire().replace('_', ' '));
        }
        out.flush();
    }

    static void search(PrintWriter out, StoreSearchResult r) {
        out.printf(Locale.ROOT, "top %d of '%s' for \"%s\" (embedded by %s/%s):%n", r.k(), r.collection(), r.question(),
                r.model().provider(), r.model().model());
        int rank = 1;
        for (StoreHit h : r.hits()) {
            out.printf(Locale.ROOT, "%2d. similarity %.4f  %s%n", rank++, h.similarity(), h.id());
            String[] lines = h.document().strip().split("\n");
            for (int i = 0; i < Math.min(lines.length, 8); i++) {
                String line = lines[i].stripTrailing();
                out.println("      " + (line.length() > 150 ? line.substring(0, 147) + "..." : line));
            }
            if (lines.length > 8) {
                out.println("      … (" + (lines.length - 8) + " more lines)");
            }
        }
        if (r.hits().isEmpty()) {
            out.println("  (no rows)");
        }
        r.warnings().forEach(w -> out.println("warning: " + w));
        out.flush();
    }

    static void evaluation(PrintWriter out, RetrievalEvaluation e) {
        RetrievalFigures f = e.measure().figures();
        out.printf(Locale.ROOT, "retrieval of task %s, k=%d, %d of %d questions evaluated, embedded by %s/%s:%n",
                e.taskId(), f.k(), f.evaluated(), f.questions(), e.model().provider(), e.model().model());
        figures(out, f, "  ");
        List<TableCoverage> coverage = e.measure().coverage();
        if (!coverage.isEmpty()) {
            out.println("per table (questions reading it: DDL retrieved / asked):");
            for (TableCoverage t : coverage) {
                out.printf(Locale.ROOT, "  %-40s %3d / %3d%s%n", t.table(), t.ddlRetrieved(), t.questions(),
                        t.neverRetrieved() ? "   never retrieved" : "");
            }
        }
        if (!e.measure().tablesWithoutQuestions().isEmpty()) {
            out.println("tables without questions: " + String.join(", ", e.measure().tablesWithoutQuestions()));
        }
        if (!e.measure().worst().isEmpty()) {
            out.println("worst questions:");
            for (QuestionOutcome q : e.measure().worst()) {
                out.println("  - " + q.question());
                out.println("      reads " + q.tables() + (q.missingDdl().isEmpty() ? "" : ", DDL missing " + q.missingDdl())
                        + "; retrieved DDL " + q.retrievedDdl() + (q.docHit() ? "" : "; no doc") + (q.sqlMatch()
                        || !q.sqlMatchable() ? "" : "; no pair with the same tables in the top " + e.measure().figures().k()));
            }
        }
        e.warnings().forEach(w -> out.println("warning: " + w));
        out.println("kept as " + e.file());
        out.flush();
    }

    static void figures(PrintWriter out, RetrievalFigures f, String indent) {
        out.printf(Locale.ROOT, "%s%-14s %.3f   the DDL of every table the SQL reads is in the top %d%n", indent,
                f.name("ddl_hit"), f.ddlHit(), f.k());
        out.printf(Locale.ROOT, "%s%-14s %.3f   share of those tables whose DDL is in the top %d%n", indent,
                f.name("ddl_recall"), f.ddlRecall(), f.k());
        out.printf(Locale.ROOT, "%s%-14s %.3f   every such table is named by a documentation row in the top %d%n",
                indent, f.name("doc_hit"), f.docHit(), f.k());
        out.printf(Locale.ROOT, "%s%-14s %.3f   another pair reading the same tables is in the top %d of sql (%d "
                + "questions have one)%n", indent, f.name("sql_match"), f.sqlMatch(), f.k(), f.sqlMatchable());
    }

    static void history(PrintWriter out, String taskId, List<RetrievalHistoryEntry> entries) {
        if (entries.isEmpty()) {
            out.println("task " + taskId + " has no retrieval evaluations yet (pipeline vector evaluate --task-id " + taskId
                    + ")");
        }
        for (RetrievalHistoryEntry e : entries) {
            RetrievalFigures f = e.figures();
            out.printf(Locale.ROOT, "%-26s k=%d %s=%.3f %s=%.3f %s=%.3f %s=%.3f  %d/%d questions  %s%n",
                    e.evaluatedAt(), f.k(), f.name("ddl_hit"), f.ddlHit(), f.name("ddl_recall"), f.ddlRecall(),
                    f.name("doc_hit"), f.docHit(), f.name("sql_match"), f.sqlMatch(), f.evaluated(), f.questions(),
                    e.model());
        }
        out.flush();
    }
}
