package io.datapipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as users run it: a separate process, JSON alone on stdout, logs on stderr. */
@ExtendWith(PostgresExtension.class)
class CliJarIT {

    @TempDir
    Path dataDir;

    @Test
    void givenTheShadedJar_whenBackingUpWithJson_thenStdoutIsOneJsonDocumentAndLogsAreOnStderr(TestDatabase db)
            throws Exception {
        db.execute(LangChainSchema.G2);
        db.execute("INSERT INTO langchain_pg_collection VALUES ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', 'sql', NULL)");
        Path jar = Path.of("target", "pipeline-cli.jar");
        assertThat(jar).exists();
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "vector", "backup", "--json"));
        pb.environment().put("PIPELINE_DB_URL", db.jdbcUrlWithCredentials());
        pb.environment().put("PIPELINE_DATA_DIR", dataDir.toString());
        Path out = dataDir.resolve("out.txt");
        Path err = dataDir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(new ObjectMapper().readTree(stdout).get("backup_performed").asBoolean()).isTrue();
        assertThat(stdout).doesNotContain("[INFO]");
        assertThat(Files.readString(err, StandardCharsets.UTF_8)).contains("[INFO] BackupWriter - vector backup done")
                .doesNotContain("\r");
    }

    @Test
    void givenTheShadedJar_whenAskedForHelp_thenItAnswersWithoutADatabase() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of("target", "pipeline-cli.jar").toString(), "--help").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(text).contains("Usage: pipeline").doesNotContain("error");
    }

    @Test
    void givenTheShadedJar_whenRecordingTheClassDataArchive_thenLaterStartsLoadOurClassesFromIt() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = Path.of("target", "pipeline-cli.jar").toString();
        Path archive = dataDir.resolve("pipeline-cli.jsa");
        Process train = new ProcessBuilder(java, "-Xlog:disable", "-XX:ArchiveClassesAtExit=" + archive, "-jar", jar,
                "--cds-training").redirectErrorStream(true).start();
        String trainOutput = new String(train.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(train.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(train.exitValue()).as(trainOutput).isZero();
        assertThat(trainOutput).as("the training run prints nothing").isEmpty();
        assertThat(archive).isNotEmptyFile();

        Path classLog = dataDir.resolve("classes.log");
        Process run = new ProcessBuilder(java, "-XX:SharedArchiveFile=" + archive,
                "-Xlog:class+load=info:file=" + classLog, "-jar", jar, "--version").start();
        String stdout = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isZero();
        assertThat(stdout).startsWith("pipeline ");
        assertThat(Files.readString(classLog)).containsPattern(
                "io\\.datapipeline\\.cli\\.command\\.PipelineCommand source: shared objects file");
    }

    @Test
    void givenBinPipeline_whenTheArchiveIsCorrupt_thenJsonOnStdoutIsUntouched() throws Exception {
        Path archive = Path.of("target", "pipeline-cli.jsa");
        Files.writeString(archive, "not an archive");
        archive.toFile().setLastModified(System.currentTimeMillis() + 60_000);
        try {
            ProcessBuilder pb = new ProcessBuilder(Path.of("..", "bin", "pipeline").toString(), "vector", "list",
                    "--json");
            pb.environment().put("PIPELINE_NO_BUILD", "1");
            pb.environment().put("PIPELINE_DATA_DIR", dataDir.toString());
            Path err = dataDir.resolve("err.txt");
            Process p = pb.redirectError(err.toFile()).start();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(err)).isZero();
            assertThat(new ObjectMapper().readTree(stdout).get("summary").get("total_backup_sets").asInt()).isZero();
            assertThat(Files.readString(err)).doesNotContain("[warning]").doesNotContain("[error]");
        } finally {
            Files.deleteIfExists(archive);
        }
    }
}
