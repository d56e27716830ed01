package io.datapipeline.core.service;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.port.in.ValidateSqlCommand;
import io.datapipeline.core.port.in.ValidateSqlUseCase;
import io.datapipeline.core.port.out.FileFolders;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.SqlValidator;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pipeline sql validate}: the {@link PairsValidation} of {@code sql_validation}, on a file the caller names, with
 * the reports (and the previous version of a rewritten file) beside it.
 */
public final class ValidateSqlService implements ValidateSqlUseCase {

    private static final Logger LOG = LoggerFactory.getLogger(ValidateSqlService.class);

    private final FileFolders files;
    private final Optional<LanguageModel> model;
    private final PairsValidation validation;

    public ValidateSqlService(FileFolders files, SqlValidator validator, Optional<LanguageModel> model, Clock clock) {
        this.files = files;
        this.model = model;
        this.validation = new PairsValidation(validator, model, clock);
    }

    @Override
    public Validation validate(ValidateSqlCommand cmd) {
        if (cmd.enableLlmRepair() && model.isEmpty()) {
            throw InvalidInputException.invalid("enable_llm_repair", "LLM repair needs a language model and none is "
                    + "configured; configure one or validate without repair");
        }
        FileFolders.FileRef ref = files.locate(cmd.inputFile(), "input_file");
        PairsValidation.Folder folder = new PairsValidation.Folder() {
            @Override
            public Optional<Object> readJson(String name) {
                return files.readJson(ref.folder(), name);
            }

            @Override
            public void writeJson(String name, Object document) {
                files.writeJson(ref.folder(), name, document);
            }

            @Override
            public void writeText(String name, String content) {
                files.writeText(ref.folder(), name, content);
            }

            @Override
            public String documents() {
                return PairsValidation.documents(files.list(ref.folder()), name -> files.readText(ref.folder(), name));
            }

            @Override
            public void info(String message) {
                LOG.info("file={} database={} {}", ref.name(), cmd.database().masked(), message);
            }

            @Override
            public void warn(String message) {
                LOG.warn("file={} database={} {}", ref.name(), cmd.database().masked(), message);
            }
        };
        try {
            return new Validation(ref.folder(), validation.run(cmd.database(), folder, ref.name(), cmd.enableLlmRepair(),
                    cmd.modifyOriginalFile()));
        } catch (PairsValidation.UnusableFile e) {
            throw InvalidInputException.invalid("input_file", e.getMessage());
        }
    }
}
