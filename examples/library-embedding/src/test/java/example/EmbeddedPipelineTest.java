package example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.assembly.Pipeline;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.core.port.in.CreateTaskCommand;
import io.datapipeline.core.port.in.ExecuteTaskCommand;
import io.datapipeline.core.port.in.ExecutionOutcome;
import io.datapipeline.core.execution.ResultDocument;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class EmbeddedPipelineTest {

    @TempDir
    Path dataDir;

    @Test
    void givenTheLibrary_whenWiredByHand_thenABackupAndTwoStepsRun(TestDatabase db) throws Exception {
        db.execute(LangChainSchema.G2);
        TestDatabase business = db.sibling("shop");
        business.execute("CREATE TABLE shop (shop_id int PRIMARY KEY, city text)",
                "COMMENT ON TABLE shop IS 'Shops'", "INSERT INTO shop VALUES (1, 'Lyon'), (2, 'Paris')");

        try (Pipeline pipeline = EmbeddedPipeline.open(DatabaseUrl.parse(db.jdbcUrlWithCredentials(), "db"),
                dataDir)) {
            VectorManagementReport backup = pipeline.backupVectorTables().backup(BackupVectorTablesCommand.of(
                    BackupLocation.global(), false));
            assertThat(backup.success()).isTrue();

            Task task = pipeline.createTask().create(new CreateTaskCommand(TaskParameters.defaults(
                    DatabaseUrl.parse(business.jdbcUrlWithCredentials(), "db"), "shops"), "library", null, "shop\n",
                    "task", Optional.empty(), "library"));
            ExecutionOutcome ddl = pipeline.executeTask().execute(ExecuteTaskCommand.of(
                    ExecutionRequest.step(task.id(), StepName.DDL_GENERATION)));
            assertThat(succeeded(ddl)).isTrue();

            ExecutionOutcome load = pipeline.executeTask().execute(ExecuteTaskCommand.of(
                    ExecutionRequest.step(task.id(), StepName.TRAINING_LOAD).withVectorFlags(false, true)));
            assertThat(succeeded(load)).isTrue();
            assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(2);
            assertThat(pipeline.getTask().get(task.id()).orElseThrow().task().status().wire())
                    .isEqualTo("partial_completed");
        }
    }

    private static boolean succeeded(ExecutionOutcome outcome) throws Exception {
        ResultDocument doc = ((ExecutionOutcome.Accepted) outcome).result().get();
        return ((ResultDocument.Typed) doc).result().success();
    }

    @Test
    void givenTheLibraryDependencies_whenLookingForFrameworks_thenNeitherMicronautNorPicocliIsThere() {
        assertThatThrownBy(() -> Class.forName("io.micronaut.context.ApplicationContext"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("picocli.CommandLine")).isInstanceOf(ClassNotFoundException.class);
    }
}
