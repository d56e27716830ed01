package io.datapipeline.core.service;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TableList;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.SchemaInspector;
import io.datapipeline.core.port.out.UnitCheckpoints;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The documentation of a table list, wherever its files go (a task directory, or a folder of the caller's): each table
 * is described, sampled, asked about and written as {@code <table>.ddl} and {@code <table>_detail.md} as soon as it is
 * done, up to {@code max_concurrent_tables} at once; then {@code filename_mapping.txt} in the list's order. The files
 * do not depend on the order the tables finish in. With checkpoints, each table done is recorded with the digest of
 * its inputs (its description, the business context, the options, the prompt version, the model), and a resumed run
 * takes the tables whose inputs and files did not change from the earlier run instead of asking again. More than
 * {@code max_table_failures} failed tables stop the run ({@link TooManyFailures}).
 */
final class TableDocumentation {

    static final String MAPPING = "filename_mapping.txt";

    /** Where the documents go and where log lines go. */
    interface Folder {
        Optional<String> readText(String name);

        void writeText(String name, String content);

        void info(String message);

        void warn(String message);
    }

    /**
     * Where the tables done are recorded.
     *
     * @param task  the task they belong to
     * @param store the records
     * @param reuse take the tables whose records match (a resumed run); otherwise every table is done again
     */
    record Checkpointing(TaskId task, UnitCheckpoints store, boolean reuse) {
        static final Checkpointing NONE = new Checkpointing(null, UnitCheckpoints.NONE, false);
    }

    /**
     * One run.
     *
     * @param parallelism tables at once (the task's {@code max_concurrent_tables}, capped by the process)
     */
    record Job(DatabaseUrl db, TableList list, String businessContext, GenerationOptions.Tables options,
            int parallelism, Folder folder, Checkpointing checkpointing, ExecutionMonitor monitor) {
    }

    /** More tables failed than {@code max_table_failures} allows; the message lists them. */
    static final class TooManyFailures extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyFailures(String message) {
            super(message);
        }
    }

    /** What became of one table. */
    private sealed interface Outcome {
    }

    private record NotFound(String table) implements Outcome {
    }

    private record Failed(String table, String error) implements Outcome {
    }

    private record Done(String table, String display, String base, int comments, boolean reused, String modelError)
            implements Outcome {
    }

    private final SchemaInspector inspector;
    private final TableDocumenter documenter;
    private final Optional<LanguageModel> model;
    private final ConcurrentUnits units;
    private final Clock clock;

    TableDocumentation(SchemaInspector inspector, Optional<LanguageModel> model, ConcurrentUnits units, Clock clock) {
        this.inspector = inspector;
        this.documenter = new TableDocumenter(inspector, model);
        this.model = model;
        this.units = units;
        this.clock = clock;
    }

    /**
     * Documents every table of the list and writes the mapping.
     *
     * @return the result, with the files written (mapping included) in {@code written}
     * @throws TooManyFailures when more than {@code max_table_failures} tables failed
     */
    StepResult.DdlGeneration run(Job job, List<String> written) {
        long t0 = System.nanoTime();
        String modelName = model.map(LanguageModel::describe).orElse("none");
        List<TableName> tables = job.list().tables();
        AtomicInteger done = new AtomicInteger();
        List<Failed> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        job.monitor().progress("tables", 0, tables.size(), "tables");
        List<Outcome> outcomes = units.run(tables, job.parallelism(), (i, table) -> {
            Outcome o = one(job, table, modelName);
            Failed failure = o instanceof Failed f ? f : o instanceof Done d && d.modelError() != null
                    ? new Failed(d.table(), d.modelError()) : null;
            if (failure != null) {
                failures.add(failure);
                if (failures.size() > job.options().maxTableFailures()) {
                    throw new TooManyFailures(failures.size() + " tables failed, more than max_table_failures ("
                            + job.options().maxTableFailures() + ") allows: " + describe(failures));
                }
            }
            job.monitor().progress("tables", done.incrementAndGet(), tables.size(), "tables");
            return o;
        });
        return summarise(job, outcomes, written, t0);
    }

    private StepResult.DdlGeneration summarise(Job job, List<Outcome> outcomes, List<String> written, long t0) {
        Map<String, String> mapping = new LinkedHashMap<>();
        List<String> processed = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        List<StepResult.UnitFailure> failed = new ArrayList<>();
        int comments = 0;
        int reused = 0;
        for (Outcome o : outcomes) {
            if (o instanceof NotFound n) {
                notFound.add(n.table());
            } else if (o instanceof Failed f) {
                failed.add(new StepResult.UnitFailure(f.table(), f.error()));
            } else if (o instanceof Done d) {
                processed.add(d.table());
                mapping.put(d.display(), d.base() + "_detail.md");
                written.add(d.base() + ".ddl");
                written.add(d.base() + "_detail.md");
                comments += d.comments();
                reused += d.reused() ? 1 : 0;
                if (d.modelError() != null) {
                    failed.add(new StepResult.UnitFailure(d.table(), d.modelError()));
                }
            }
        }
        if (!processed.isEmpty()) {
            StringBuilder m = new StringBuilder("# File name mapping\n# Format: table -> file\n\n");
            mapping.forEach((table, file) -> m.append(table).append(" -> ").append(file).append('\n'));
            job.folder().writeText(MAPPING, m.toString());
            written.add(MAPPING);
        }
        return new StepResult.DdlGeneration(new StepResult.Tables(job.list().tables().size(), processed, notFound,
                job.list().invalid(), failed, reused), written.size(), comments, StepContext.elapsedSeconds(t0));
    }

    private static String describe(List<Failed> failures) {
        List<String> parts = new ArrayList<>();
        synchronized (failures) {
            for (Failed f : failures.subList(0, Math.min(5, failures.size()))) {
                parts.add(f.table() + ": " + f.error());
            }
        }
        return String.join("; ", parts) + (failures.size() > 5 ? "; …" : "");
    }

    /** One table: taken from a matching checkpoint, or described, sampled, asked about, written and recorded. */
    private Outcome one(Job job, TableName table, String modelName) {
        job.monitor().checkCancelled();
        SchemaInspector.TableDescription d;
        try {
            Optional<SchemaInspector.TableDescription> found = inspector.describe(job.db(), table);
            if (found.isEmpty()) {
                job.folder().warn("table " + table.display() + " does not exist in " + job.db().masked()
                        + "; not sampled");
                return new NotFound(table.display());
            }
            d = found.get();
        } catch (ExecutionMonitor.CancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            return failed(job, table.display(), e);
        }
        String base = DdlRenderer.fileBase(d.table());
        UnitCheckpoints.Inputs inputs = inputs(job, d, modelName);
        Optional<Done> earlier = reusable(job, d, base, inputs);
        if (earlier.isPresent()) {
            job.folder().info("table=" + d.table().display() + " unchanged since it was documented; files reused");
            return earlier.get();
        }
        TableDocumenter.Documented doc;
        try {
            doc = documenter.document(job.db(), d, job.businessContext(), true, job.options(), job.folder()::warn,
                    job.monitor());
        } catch (ExecutionMonitor.CancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            return failed(job, d.table().display(), e);
        }
        job.folder().writeText(base + ".ddl", doc.ddl());
        job.folder().writeText(base + "_detail.md", doc.markdown());
        if (doc.modelError() == null) {
            // recorded after both files: a crash in between leaves the table to be done again, never a record without them
            job.checkpointing().store().save(job.checkpointing().task(), new UnitCheckpoints.Checkpoint(
                    StepName.DDL_GENERATION, base, inputs, new UnitCheckpoints.Documents(List.of(
                            new UnitCheckpoints.OutputFile(base + ".ddl", InputsDigest.sha256(doc.ddl())),
                            new UnitCheckpoints.OutputFile(base + "_detail.md", InputsDigest.sha256(doc.markdown()))),
                            doc.proposedComments()), clock.instant()));
        }
        job.folder().info("table=" + d.table().display() + " columns=" + d.columns().size() + " samples="
                + doc.samples().size() + " enums=" + doc.enums().size() + " files=" + base + ".ddl," + base
                + "_detail.md");
        return new Done(d.table().display(), DdlRenderer.display(d.table()), base, doc.proposedComments(), false,
                doc.modelError());
    }

    private static Failed failed(Job job, String table, RuntimeException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        job.folder().warn("table " + table + " failed: " + why);
        return new Failed(table, why);
    }

    /** The earlier run's files of the table, when its record matches these inputs and the files are as it wrote them. */
    private Optional<Done> reusable(Job job, SchemaInspector.TableDescription d, String base,
            UnitCheckpoints.Inputs inputs) {
        Checkpointing cp = job.checkpointing();
        if (!cp.reuse()) {
            return Optional.empty();
        }
        Optional<UnitCheckpoints.Checkpoint> record = cp.store().find(cp.task(), StepName.DDL_GENERATION, base);
        if (record.isEmpty() || !record.get().inputs().equals(inputs)
                || !(record.get().output() instanceof UnitCheckpoints.Documents docs)) {
            return Optional.empty();
        }
        for (UnitCheckpoints.OutputFile f : docs.files()) {
            Optional<String> text = job.folder().readText(f.name());
            if (text.isEmpty() || !InputsDigest.sha256(text.get()).equals(f.sha256())) {
                return Optional.empty();
            }
        }
        return Optional.of(new Done(d.table().display(), DdlRenderer.display(d.table()), base, docs.modelComments(),
                true, null));
    }

    /**
     * What a table's documents depend on. The row estimate is left out: it moves with every ANALYZE, and a resumed run
     * should not ask the model again for it.
     */
    static UnitCheckpoints.Inputs inputs(Job job, SchemaInspector.TableDescription d, String modelName) {
        InputsDigest digest = new InputsDigest().add("ddl_generation").add(Prompts.VERSION).add(modelName)
                .add(job.businessContext()).add(job.options().sampleDataLimit())
                .add(job.options().enumDetectionSampleLimit()).add(job.options().enumMaxDistinctValues())
                .add(DdlRenderer.display(d.table())).add(d.comment());
        for (SchemaInspector.ColumnDescription c : d.columns()) {
            digest.add(c.name()).add(c.type()).add(String.valueOf(c.nullable())).add(c.defaultValue()).add(c.comment());
        }
        digest.add(String.join(",", d.primaryKey()));
        for (SchemaInspector.ForeignKey fk : d.foreignKeys()) {
            digest.add(String.join(",", fk.columns())).add(DdlRenderer.display(fk.referencedTable()))
                    .add(String.join(",", fk.referencedColumns()));
        }
        return new UnitCheckpoints.Inputs(digest.hex(), Prompts.VERSION, modelName);
    }
}
