package io.datapipeline.core.service;

import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableList;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.port.in.GenerateDocumentsCommand;
import io.datapipeline.core.port.in.GenerateDocumentsUseCase;
import io.datapipeline.core.port.out.FileFolders;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.SchemaInspector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pipeline ddl generate}: the {@link TableDocumentation} of {@code ddl_generation}, into a folder of the
 * caller's, with the same concurrency and the same limiter of model calls as the executions of this process.
 */
public final class GenerateDocumentsService implements GenerateDocumentsUseCase {

    private static final Logger LOG = LoggerFactory.getLogger(GenerateDocumentsService.class);

    private final FileFolders folders;
    private final TableDocumentation documentation;
    private final LlmWork work;
    private final GenerationOptions defaults;

    public GenerateDocumentsService(FileFolders folders, SchemaInspector inspector, Optional<LanguageModel> model,
            LlmWork work, GenerationOptions defaults) {
        this.folders = folders;
        this.documentation = new TableDocumentation(inspector, model, work.units(), work.clock());
        this.work = work;
        this.defaults = defaults;
    }

    @Override
    public Generated generate(GenerateDocumentsCommand cmd) {
        TableList list = TableList.parse(cmd.tableList());
        if (list.tables().isEmpty()) {
            throw InvalidInputException.invalid("table_list", "the table list names no valid table" + (list.invalid()
                    .isEmpty() ? "" : " (invalid entries: " + list.invalid() + ")"));
        }
        GenerationOptions.Tables options = defaults.with(cmd.generation()).tables();
        String dir = folders.folder(cmd.outputDirectory(), "output_dir", true);
        String context = cmd.businessContext() == null || cmd.businessContext().isBlank()
                ? TaskParameters.DEFAULT_BUSINESS_CONTEXT : cmd.businessContext();
        ExecutionMonitor monitor = ExecutionMonitor.none();
        int parallelism = Math.min(options.maxConcurrentTables(), work.llmConcurrency());
        List<String> written = new ArrayList<>();
        StepResult.DdlGeneration result;
        try {
            result = documentation.run(new TableDocumentation.Job(cmd.database(), list, context, options, parallelism,
                    folder(dir, cmd), TableDocumentation.Checkpointing.NONE, monitor), written);
        } catch (TableDocumentation.TooManyFailures e) {
            throw new PipelineException(e.getMessage() + " (the files of the tables done are in " + dir + ")", e);
        }
        if (result.processedTables().isEmpty()) {
            throw new PipelineException(result.tables().failed().isEmpty()
                    ? "none of the " + list.tables().size() + " listed tables exists in " + cmd.database().masked()
                            + ": " + result.tablesNotFound()
                    : "no table could be documented: " + result.tables().failed().get(0).unit() + ": "
                            + result.tables().failed().get(0).error());
        }
        LOG.info("output={} database={} tables={} failed={} llm_calls={}", dir, cmd.database().masked(),
                result.tablesProcessed(), result.tables().failed().size(), monitor.executionUsage().calls());
        return new Generated(dir, result, monitor.executionUsage());
    }

    private TableDocumentation.Folder folder(String dir, GenerateDocumentsCommand cmd) {
        return new TableDocumentation.Folder() {
            @Override
            public Optional<String> readText(String name) {
                return folders.readText(dir, name);
            }

            @Override
            public void writeText(String name, String content) {
                folders.writeText(dir, name, content);
            }

            @Override
            public void info(String message) {
                LOG.info("output={} database={} {}", dir, cmd.database().masked(), message);
            }

            @Override
            public void warn(String message) {
                LOG.warn("output={} database={} {}", dir, cmd.database().masked(), message);
            }
        };
    }
}
