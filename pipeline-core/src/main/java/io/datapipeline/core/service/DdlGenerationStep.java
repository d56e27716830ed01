package io.datapipeline.core.service;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.TableList;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.SchemaInspector;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ddl_generation}: for every table of the table list, read the catalog and up to 20 sample rows and
 * write {@code <table>.ddl} and {@code <table>_detail.md}, plus {@code filename_mapping.txt}. Unknown
 * tables are reported and never sampled; a re-run replaces the files of the previous run.
 */
final class DdlGenerationStep implements WorkflowStep {

    static final String MAPPING = "filename_mapping.txt";

    private final TaskWorkspace workspace;
    private final TableDocumenter documenter;

    DdlGenerationStep(TaskWorkspace workspace, SchemaInspector inspector, Optional<LanguageModel> model) {
        this.workspace = workspace;
        this.documenter = new TableDocumenter(inspector, model);
    }

    @Override
    public StepName name() {
        return StepName.DDL_GENERATION;
    }

    /** A task without a business database (made from a directory of training files) has nothing to generate from. */
    @Override
    public boolean enabledFor(TaskParameters parameters) {
        return parameters.businessDatabase() != null;
    }

    @Override
    public StepOutcome run(StepContext ctx) {
        long t0 = System.nanoTime();
        TaskId id = ctx.task().id();
        DatabaseUrl db = ctx.task().parameters().businessDatabase();
        if (db == null) {
            throw new StepFailure("the task has no business database (db_connection); create it with one");
        }
        String text = workspace.readText(id, "table_list.txt").orElseThrow(() -> new StepFailure(
                "no table_list.txt in the task directory; upload the table list first"));
        TableList list = TableList.parse(text);
        for (String bad : list.invalid()) {
            ctx.log().warn("ddl_generation", "skipping table list entry " + bad);
        }
        if (list.tables().isEmpty()) {
            throw new StepFailure("the table list names no valid table" + (list.invalid().isEmpty() ? ""
                    : " (invalid entries: " + list.invalid() + ")"));
        }
        Set<String> previous = previousOutputs(id);
        Set<String> written = new LinkedHashSet<>();
        Map<String, String> mapping = new LinkedHashMap<>();
        List<String> notFound = new ArrayList<>();
        List<String> processed = new ArrayList<>();
        int proposedComments = 0;
        int done = 0;
        for (TableName table : list.tables()) {
            ctx.monitor().checkCancelled();
            ctx.monitor().progress("tables", done++, list.tables().size(), "tables");
            Optional<TableDocumenter.Documented> found = documenter.document(db, table,
                    ctx.task().parameters().businessContext(), true, warning -> ctx.log().warn("ddl_generation", warning),
                    ctx.monitor());
            if (found.isEmpty()) {
                notFound.add(table.display());
                ctx.log().warn("ddl_generation", "table " + table.display() + " does not exist in " + db.masked()
                        + "; not sampled");
                continue;
            }
            TableDocumenter.Documented doc = found.get();
            SchemaInspector.TableDescription d = doc.description();
            proposedComments += doc.proposedComments();
            String base = DdlRenderer.fileBase(d.table());
            workspace.writeText(id, base + ".ddl", doc.ddl());
            workspace.writeText(id, base + "_detail.md", doc.markdown());
            written.add(base + ".ddl");
            written.add(base + "_detail.md");
            mapping.put(DdlRenderer.display(d.table()), base + "_detail.md");
            processed.add(d.table().display());
            ctx.log().info("ddl_generation", "table=" + d.table().display() + " columns=" + d.columns().size()
                    + " samples=" + doc.samples().size() + " files=" + base + ".ddl," + base + "_detail.md");
        }
        if (processed.isEmpty()) {
            throw new StepFailure("none of the " + list.tables().size() + " listed tables exists in " + db.masked()
                    + ": " + notFound);
        }
        StringBuilder m = new StringBuilder("# File name mapping\n# Format: table -> file\n\n");
        mapping.forEach((table, file) -> m.append(table).append(" -> ").append(file).append('\n'));
        workspace.writeText(id, MAPPING, m.toString());
        for (String stale : previous) {
            if (!written.contains(stale)) {
                workspace.delete(id, stale);
                ctx.log().info("ddl_generation", "removed " + stale + " from a previous run");
            }
        }
        return StepOutcome.ok(new StepResult.DdlGeneration(list.tables().size(), processed.size(), processed, notFound,
                list.invalid(), written.size() + 1, proposedComments, StepContext.elapsedSeconds(t0)));
    }

    /** Files a previous run wrote, from its mapping (so a re-run replaces them instead of adding copies). */
    private Set<String> previousOutputs(TaskId id) {
        Set<String> files = new LinkedHashSet<>();
        workspace.readText(id, MAPPING).ifPresent(text -> {
            for (String line : text.split("\\R")) {
                int arrow = line.indexOf(" -> ");
                if (!line.startsWith("#") && arrow > 0) {
                    String md = line.substring(arrow + 4).strip();
                    files.add(md);
                    if (md.endsWith("_detail.md")) {
                        files.add(md.substring(0, md.length() - "_detail.md".length()) + ".ddl");
                    }
                }
            }
        });
        return files;
    }
}
