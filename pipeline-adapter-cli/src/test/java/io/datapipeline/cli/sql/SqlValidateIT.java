package io.datapipeline.cli.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.cli.CliRunner;
import io.datapipeline.llm.testing.FakeModelServer;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline sql validate} through the real command line, on a real business database (EXPLAIN) and a fake
 * model server for the repairs; no vector database is configured at all.
 */
@ExtendWith(PostgresExtension.class)
class SqlValidateIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PW = "Sup3rS3cret";
    private static TestDatabase business;
    private static FakeModelServer model;

    @TempDir
    Path dir;

    private Path pairs;

    @BeforeAll
    static void init(TestDatabase db) {
        business = db.sibling("biz");
        business.execute("CREATE TABLE shop (shop_id int PRIMARY KEY, city text)",
                "INSERT INTO shop VALUES (1, 'Lyon'), (2, 'Paris')");
        model = new FakeModelServer().answerChat(body -> "{\"sql\": \"SELECT city FROM shop WHERE shop_id = 1\"}");
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    @BeforeEach
    void pairsFile() throws IOException {
        pairs = dir.resolve("qs_shop_pair.json");
        Files.writeString(pairs, """
                [{"question": "How many shops?", "sql": "SELECT count(*) FROM shop;"},
                 {"question": "City of shop 1?", "sql": "SELECT town FROM shop WHERE shop_id = 1;"},
                 {"question": "No SQL here"}]
                """, StandardCharsets.UTF_8);
    }

    private static String url() {
        return "postgresql://" + business.user() + ":" + PW + "@" + business.host() + ":" + business.port() + "/"
                + business.name();
    }

    private static CliRunner cli(boolean withModel) {
        return new CliRunner(withModel ? Map.of("PIPELINE_LLM_BASE_URL", model.baseUrl(), "PIPELINE_LLM_MODEL", "fake")
                : Map.of());
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void givenASqlTheDatabaseRefuses_whenValidated_thenExitOneReportsBesideTheFileAndTheFileUntouched()
            throws IOException {
        String before = Files.readString(pairs);

        CliRunner.Result r = cli(false).run("sql", "validate", "--db-connection", url(), "--input-file", pairs.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("validated 2 SQL of " + pairs + ": 1 valid, 1 invalid, 0 repaired, 0 removed")
                .contains("[1] City of shop 1?").contains("column \"town\" does not exist")
                .contains("items without question or sql (left as they are): [2]");
        assertThat(Files.readString(pairs)).isEqualTo(before);
        assertThat(files()).hasSize(3).anyMatch(f -> f.matches("sql_validation_\\d{8}_\\d{6}_summary\\.log"))
                .anyMatch(f -> f.matches("sql_validation_\\d{8}_\\d{6}_report\\.json"));
        assertThat(r.out() + r.err()).doesNotContain(PW);
    }

    @Test
    void givenOnlyValidSql_whenValidatedWithJson_thenExitZeroAndTheDocumentSaysSo() throws Exception {
        Files.writeString(pairs, "[{\"question\": \"q\", \"sql\": \"SELECT city FROM shop\"}]");

        CliRunner.Result r = cli(false).run("sql", "validate", "--db-connection", url(), "--input-file", pairs.toString(),
                "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("success").asBoolean()).isTrue();
        assertThat(doc.get("folder").asText()).isEqualTo(dir.toString());
        assertThat(doc.at("/summary/valid_sqls").asInt()).isEqualTo(1);
        assertThat(doc.get("failures")).isEmpty();
    }

    @Test
    void givenModifyOriginalFile_whenValidated_thenTheRefusedPairIsRemovedAndThePreviousVersionKept() throws Exception {
        String before = Files.readString(pairs);

        CliRunner.Result r = cli(false).run("sql", "validate", "--db-connection", url(), "--input-file", pairs.toString(),
                "--modify-original-file");

        assertThat(r.code()).as(r.err()).isEqualTo(1);
        JsonNode rewritten = JSON.readTree(pairs.toFile());
        assertThat(rewritten).hasSize(2);
        assertThat(rewritten.get(0).get("question").asText()).isEqualTo("How many shops?");
        assertThat(rewritten.get(1).get("question").asText()).as("malformed items are left").isEqualTo("No SQL here");
        String backup = files().stream().filter(f -> f.startsWith("qs_shop_pair.json.backup_")).findFirst().orElseThrow();
        assertThat(JSON.readTree(dir.resolve(backup).toFile())).isEqualTo(JSON.readTree(before));
        assertThat(r.out()).contains("previous version kept as " + dir.resolve(backup));
    }

    @Test
    void givenLlmRepairAndModify_whenTheRepairPasses_thenExitZeroAndTheRepairedSqlIsInTheFile() throws Exception {
        CliRunner.Result r = cli(true).run("sql", "validate", "--db-connection", url(), "--input-file", pairs.toString(),
                "--enable-llm-repair", "--modify-original-file", "--json");

        assertThat(r.code()).as(r.err() + r.out()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.at("/summary/repaired_sqls").asInt()).isEqualTo(1);
        assertThat(doc.at("/failures/0/repaired_sql").asText()).isEqualTo("SELECT city FROM shop WHERE shop_id = 1;");
        assertThat(JSON.readTree(pairs.toFile()).get(1).get("sql").asText())
                .isEqualTo("SELECT city FROM shop WHERE shop_id = 1;");
        assertThat(FakeModelServer.user(model.requests().get(model.requests().size() - 1).body()))
                .contains("SELECT town FROM shop").doesNotContain(PW);
    }

    @Test
    void givenBadInput_whenValidated_thenExitTwoWithAMessageAndNothingWritten() throws IOException {
        Path object = Files.writeString(dir.resolve("object.json"), "{\"question\": \"q\"}");

        CliRunner.Result noModel = cli(false).run("sql", "validate", "--db-connection", url(), "--input-file",
                pairs.toString(), "--enable-llm-repair");
        CliRunner.Result missing = cli(false).run("sql", "validate", "--db-connection", url(), "--input-file",
                dir.resolve("missing.json").toString());
        CliRunner.Result notArray = cli(false).run("sql", "validate", "--db-connection", url(), "--input-file",
                object.toString());
        CliRunner.Result unreachable = cli(false).run("sql", "validate", "--db-connection", "postgresql://u:" + PW
                + "@127.0.0.1:1/shop", "--input-file", pairs.toString());
        CliRunner.Result noDb = cli(false).run("sql", "validate", "--input-file", pairs.toString());

        assertThat(noModel.code()).isEqualTo(2);
        assertThat(noModel.err()).contains("LLM repair needs a language model");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("missing.json is not a file");
        assertThat(notArray.code()).isEqualTo(2);
        assertThat(notArray.err()).contains("is not a JSON array");
        assertThat(unreachable.code()).as(unreachable.err()).isEqualTo(2);
        assertThat(unreachable.err()).contains("cannot connect to postgresql://u:***@127.0.0.1:1/shop")
                .doesNotContain(PW);
        assertThat(noDb.code()).isEqualTo(2);
        assertThat(noDb.err()).contains("--db-connection");
        assertThat(files()).containsExactly("object.json", "qs_shop_pair.json");
    }
}
