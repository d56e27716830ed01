package io.datapipeline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.out.TableShape;
import io.datapipeline.core.port.out.VectorStoreSession;
import io.datapipeline.core.port.out.VectorTableStore;
import io.datapipeline.core.port.out.VectorTransaction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VectorTableStore} must do, run against the in-memory fake and the PostgreSQL
 * adapter alike, so the fake used by fast tests cannot drift from the real thing.
 */
public abstract class VectorTableStoreContract {

    protected static final TableName COLLECTION = new TableName(null, "langchain_pg_collection");
    protected static final TableName EMBEDDING = new TableName(null, "langchain_pg_embedding");
    protected static final String C1 = "11111111-1111-4111-8111-111111111111";
    protected static final String C2 = "22222222-2222-4222-8222-222222222222";
    private static final List<String> EMB_COLUMNS = List.of("id", "collection_id", "embedding", "document", "cmetadata");

    /** A store whose LangChain (G2) tables exist and are empty. */
    protected abstract VectorTableStore freshStore();

    /** Inserts a collection row outside any session. */
    protected abstract void insertCollection(String uuid, String name);

    /** Inserts an embedding row outside any session. */
    protected abstract void insertEmbedding(String id, String collectionId, String vector, String document, String cmetadata);

    /** Rows of a table as text (NULL as null), ordered by the first column. */
    protected abstract List<List<String>> rows(TableName table);

    private VectorTableStore store;

    @BeforeEach
    void setUpStore() {
        store = freshStore();
        insertCollection(C1, "sql");
        insertEmbedding("a-sql", C1, "[1,2,3]", "doc \"one\", with comma\nand newline", "{\"id\": \"a-sql\"}");
        insertEmbedding("b-sql", C1, "[0.5,-0.25,3e-05]", "", null);
    }

    @Test
    void givenRows_whenExported_thenCsvHasHeaderAndEveryRowAndTheCountMatches() throws Exception {
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long n = s.inSnapshot(false, tx -> tx.exportCsv(EMBEDDING, EMB_COLUMNS, out));

            assertThat(n).isEqualTo(2);
            String csv = out.toString(StandardCharsets.UTF_8);
            assertThat(csv).startsWith("id,collection_id,embedding,document,cmetadata\n");
            assertThat(csv).contains("\"doc \"\"one\"\", with comma\nand newline\"");
            // NULL is an empty unquoted field, an empty string is ""
            assertThat(csv).contains("b-sql," + C1 + ",\"[0.5,-0.25,3e-05]\",\"\",\n");
        }
    }

    @Test
    void givenASessionIsOpen_whenAnotherIsRequested_thenItIsRefusedAsBusyUntilTheFirstCloses() {
        VectorStoreSession first = store.openSession("first", Duration.ZERO);
        try {
            assertThatThrownBy(() -> store.openSession("second", Duration.ZERO)).isInstanceOf(BusyException.class)
                    .hasMessageContaining("busy");
        } finally {
            first.close();
        }
        try (VectorStoreSession again = store.openSession("again", Duration.ZERO)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void givenWorkThatFailsAfterTruncating_whenTheTransactionEnds_thenNothingChanged() {
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            assertThatThrownBy(() -> s.inSnapshot(true, tx -> {
                tx.truncate(List.of(EMBEDDING));
                assertThat(tx.count(EMBEDDING)).isZero();
                throw new IllegalStateException("injected");
            })).hasMessageContaining("injected");
        }
        assertThat(rows(EMBEDDING)).hasSize(2);
    }

    @Test
    void givenASnapshotWithWritersBlocked_whenTruncating_thenItCommits() {
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            long before = s.inSnapshot(true, tx -> {
                long n = tx.count(EMBEDDING);
                tx.truncate(List.of(EMBEDDING));
                return n;
            });
            assertThat(before).isEqualTo(2);
        }
        assertThat(rows(EMBEDDING)).isEmpty();
        assertThat(rows(COLLECTION)).hasSize(1);
    }

    @Test
    void givenTheTables_whenDescribed_thenColumnsKeyAndTypesAreReported() {
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            TableShape shape = s.inSnapshot(false, tx -> tx.describe(EMBEDDING).orElseThrow());
            assertThat(shape.columnNames()).containsExactlyElementsOf(EMB_COLUMNS);
            assertThat(shape.primaryKey()).containsExactly("id");
            assertThat(shape.column("cmetadata").orElseThrow().type()).isEqualTo("jsonb");
            assertThat(shape.column("embedding").orElseThrow().isVector()).isTrue();
            java.util.Optional<TableShape> missing = s.inSnapshot(false,
                    tx -> tx.describe(new TableName(null, "no_such_table")));
            assertThat(missing).isEmpty();
        }
    }

    @Test
    void givenVectors_whenAskingDimensions_thenEachDimensionIsCounted() {
        insertEmbedding("c-ddl", C1, "[1,2]", "x", null);
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            Map<Integer, Long> dims = s.inSnapshot(false, tx -> tx.vectorDimensions(EMBEDDING, "embedding"));
            assertThat(dims).containsExactlyInAnyOrderEntriesOf(Map.of(3, 2L, 2, 1L));
        }
    }

    @Test
    void givenCsv_whenImported_thenRowsLoadAndNullsAndEmptyStringsSurvive() {
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            long n = s.inWriteTransaction(tx -> tx.importCsv(EMBEDDING, EMB_COLUMNS, out -> out.write(
                    ("id,collection_id,embedding,document,cmetadata\n"
                            + "c-doc," + C1 + ",\"[7,8,9]\",\"\",\n"
                            + "d-doc,," + "\"[1,1,1]\",text,\"{\"\"id\"\": \"\"d-doc\"\"}\"\n")
                            .getBytes(StandardCharsets.UTF_8))));
            assertThat(n).isEqualTo(2);
        }
        List<List<String>> rows = rows(EMBEDDING);
        assertThat(rows).hasSize(4);
        List<String> c = rows.stream().filter(r -> r.get(0).equals("c-doc")).findFirst().orElseThrow();
        assertThat(c.get(3)).isEmpty();
        assertThat(c.get(4)).isNull();
        List<String> d = rows.stream().filter(r -> r.get(0).equals("d-doc")).findFirst().orElseThrow();
        assertThat(d.get(1)).isNull();
    }

    @Test
    void givenADuplicateKeyInTheLastRow_whenImported_thenTheWholeTransactionRollsBack() {
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            assertThatThrownBy(() -> s.inWriteTransaction(tx -> tx.importCsv(EMBEDDING, EMB_COLUMNS, out -> out.write(
                    ("id,collection_id,embedding,document,cmetadata\n"
                            + "new-1," + C1 + ",\"[1,2,3]\",x,\n"
                            + "a-sql," + C1 + ",\"[1,2,3]\",dup,\n").getBytes(StandardCharsets.UTF_8)))));
        }
        assertThat(rows(EMBEDDING)).extracting(r -> r.get(0)).containsExactly("a-sql", "b-sql");
    }

    @Test
    void givenExistingKeys_whenAppending_thenOnlyNewRowsAreAddedAndSkipsAreCounted() {
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            VectorTransaction.AppendResult r = s.inWriteTransaction(tx -> tx.appendCsv(EMBEDDING, EMB_COLUMNS,
                    out -> out.write(("id,collection_id,embedding,document,cmetadata\n"
                            + "a-sql," + C1 + ",\"[9,9,9]\",changed,\n"
                            + "z-sql," + C1 + ",\"[1,2,3]\",new,\n").getBytes(StandardCharsets.UTF_8)),
                    VectorTransaction.AppendOptions.NONE));
            assertThat(r.staged()).isEqualTo(2);
            assertThat(r.inserted()).isEqualTo(1);
            assertThat(r.skipped()).isEqualTo(1);
        }
        List<List<String>> rows = rows(EMBEDDING);
        assertThat(rows).extracting(r -> r.get(0)).containsExactly("a-sql", "b-sql", "z-sql");
        assertThat(rows.get(0).get(3)).startsWith("doc");
    }

    @Test
    void givenACollectionWithTheSameNameUnderAnotherUuid_whenAppending_thenItIsReportedAndEmbeddingsCanBeRemapped() {
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            Map<String, String> remapped = s.inWriteTransaction(tx -> {
                VectorTransaction.AppendResult c = tx.appendCsv(COLLECTION, List.of("uuid", "name", "cmetadata"),
                        out -> out.write(("uuid,name,cmetadata\n" + C2 + ",sql,\n").getBytes(StandardCharsets.UTF_8)),
                        new VectorTransaction.AppendOptions(null, Map.of(), "name"));
                assertThat(c.inserted()).isZero();
                tx.appendCsv(EMBEDDING, EMB_COLUMNS, out -> out.write(("id,collection_id,embedding,document,cmetadata\n"
                        + "m-sql," + C2 + ",\"[1,2,3]\",moved,\n").getBytes(StandardCharsets.UTF_8)),
                        new VectorTransaction.AppendOptions("collection_id", c.remapped(), null));
                return c.remapped();
            });
            assertThat(remapped).containsExactly(Map.entry(C2, C1));
        }
        assertThat(rows(COLLECTION)).hasSize(1);
        List<String> moved = rows(EMBEDDING).stream().filter(r -> r.get(0).equals("m-sql")).findFirst().orElseThrow();
        assertThat(moved.get(1)).isEqualTo(C1);
    }
}
