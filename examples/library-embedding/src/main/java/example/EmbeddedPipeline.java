package example;

import io.datapipeline.assembly.Pipeline;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.PipelineSettings;
import io.datapipeline.core.domain.PipelineSettings.Embedding;
import java.nio.file.Path;

/**
 * The pipeline inside another JVM application: no Micronaut, no picocli. Settings in, use cases (port.in
 * interfaces) out; executions run in the calling thread ({@code Pipeline.of(settings, name, executor, clock)}
 * runs them on your executor instead).
 */
public final class EmbeddedPipeline {

    private EmbeddedPipeline() {
    }

    /**
     * @param vectorDatabase the database with the LangChain tables (the task tables are created there too)
     * @param dataDir        where task directories and backup sets go
     */
    public static Pipeline open(DatabaseUrl vectorDatabase, Path dataDir) {
        PipelineSettings settings = PipelineSettings.of(vectorDatabase, dataDir.toAbsolutePath().toString())
                .withEmbedding(Embedding.offline(1024));
        return Pipeline.of(settings);
    }
}
