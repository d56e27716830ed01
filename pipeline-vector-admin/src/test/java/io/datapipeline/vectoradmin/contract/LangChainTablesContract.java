package io.datapipeline.vectoradmin.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.fakes.SimpleCsv;
import io.datapipeline.vectoradmin.port.CopyFormat;
import io.datapipeline.vectoradmin.port.LangChainTables;
import io.datapipeline.vectoradmin.port.LangChainTables.WriteCount;
import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.vectoradmin.port.TransactionMode;
import io.datapipeline.vectoradmin.port.VectorStoreSession;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.EmbeddingCounts;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.TrainingItem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LangChainTables} must do, inside transactions of its {@link VectorTableStore}, run against
 * the in-memory fake and PostgreSQL: create what is missing once, write training rows with Vanna's ids and
 * metadata skipping what is stored, keep provenance next to other metadata, delete and deduplicate by collection.
 */
public abstract class LangChainTablesContract {

    protected static final TableName COLLECTION = new TableName(null, "langchain_pg_collection");
    protected static final TableName EMBEDDING = new TableName(null, "langchain_pg_embedding");
    private static final String C1 = "11111111-1111-4111-8111-111111111111";
    private static final float[] V = {1f, 0.5f, -0.25f};

    /** A store on a database without LangChain tables (the default table names). */
    protected abstract VectorTableStore freshStore();

    private VectorTableStore store;
    private VectorStoreSession session;

    @BeforeEach
    void setUpStore() {
        store = freshStore();
        session = store.openSession("contract", Duration.ZERO);
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    private <T> T write(VectorStoreSession.TransactionWork<T> work) {
        return session.transaction(TransactionMode.WRITE, work).valueOrThrow();
    }

    private <T> T read(VectorStoreSession.TransactionWork<T> work) {
        return session.read(work);
    }

    private static TrainingItem item(String collection, String id, String document) {
        return new TrainingItem(collection, id, document, V);
    }

    /** Rows of a table as text, by the given columns, ordered by the first. */
    private List<List<String>> rows(TableName table, List<String> columns) {
        return read(tx -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            tx.export(table, columns, CopyFormat.CSV, out);
            List<List<String>> records = SimpleCsv.parse(out.toString(StandardCharsets.UTF_8));
            return records.subList(1, records.size()).stream()
                    .sorted(java.util.Comparator.comparing(r -> r.get(0))).toList();
        });
    }

    @Test
    void givenNoTables_whenEnsured_thenTablesAndCollectionsAreCreatedOnceAndReportedInOrder() {
        Map<String, CollectionState> none = read(tx -> tx.langchain().collections());
        Map<String, Long> noDuplicates = read(tx -> tx.langchain().duplicates(false));
        assertThat(none).as("no tables, no collections").isEmpty();
        assertThat(noDuplicates).isEmpty();

        List<String> created = write(tx -> tx.langchain().ensure(List.of("sql", "ddl")));
        List<String> again = write(tx -> tx.langchain().ensure(List.of("sql", "ddl", "documentation")));

        assertThat(created).filteredOn(c -> !c.startsWith("extension ")).containsExactly(
                "table langchain_pg_collection", "table langchain_pg_embedding", "collection sql", "collection ddl");
        assertThat(again).containsExactly("collection documentation");
        Map<String, CollectionState> collections = read(tx -> tx.langchain().collections());
        assertThat(collections.keySet()).as("by name").containsExactly("ddl", "documentation", "sql");
        assertThat(collections.values()).allSatisfy(c -> {
            assertThat(c.rows()).isZero();
            assertThat(c.dimensions()).isEmpty();
            assertThat(c.provenance()).isNull();
            assertThat(c.ambiguous()).isFalse();
        });
        assertThat(collections.values()).extracting(CollectionState::uuid).doesNotHaveDuplicates().doesNotContainNull();
        TableShape embedding = read(tx -> tx.describe(EMBEDDING)).orElseThrow();
        assertThat(embedding.columnNames()).containsExactly("id", "collection_id", "embedding", "document", "cmetadata");
        assertThat(embedding.primaryKey()).containsExactly("id");
        assertThat(embedding.column("embedding").orElseThrow().isVector()).isTrue();
        assertThat(embedding.column("cmetadata").orElseThrow().type()).isEqualTo("jsonb");
        TableShape collection = read(tx -> tx.describe(COLLECTION)).orElseThrow();
        assertThat(collection.columnNames()).containsExactly("uuid", "name", "cmetadata");
        assertThat(collection.primaryKey()).containsExactly("uuid");
        assertThat(collection.column("cmetadata").orElseThrow().type()).isEqualTo("json");
    }

    @Test
    void givenItems_whenWritten_thenRowsAreCountedPerCollectionWithVannasMetadata() {
        write(tx -> tx.langchain().ensure(List.of("sql", "ddl")));
        String document = "{\"question\": \"How many \\\"shops\\\", by city?\",\n\"sql\": \"SELECT 1;\"}";

        Map<String, WriteCount> counts = write(tx -> tx.langchain().write(List.of(item("sql", "q1-sql", document),
                item("sql", "q2-sql", "second"), item("ddl", "t1-ddl", "create table t (x int);")), false));

        assertThat(counts).isEqualTo(Map.of("sql", new WriteCount(2, 0), "ddl", new WriteCount(1, 0)));
        Map<String, CollectionState> collections = read(tx -> tx.langchain().collections());
        assertThat(collections.get("sql").rows()).isEqualTo(2);
        assertThat(collections.get("sql").dimensions()).isEqualTo(Map.of(3, 2L));
        assertThat(collections.get("ddl").rows()).isEqualTo(1);
        assertThat(rows(EMBEDDING, List.of("id", "document", "cmetadata"))).containsExactly(
                List.of("q1-sql", document, "{\"id\": \"q1-sql\", \"createdat\": null}"),
                List.of("q2-sql", "second", "{\"id\": \"q2-sql\", \"createdat\": null}"),
                List.of("t1-ddl", "create table t (x int);", "{\"id\": \"t1-ddl\"}"));
        Map<String, WriteCount> nothing = write(tx -> tx.langchain().write(List.of(), true));
        assertThat(nothing).isEmpty();
    }

    @Test
    void givenCountsOfTheSameSnapshot_whenCollectionsAreReadWithThem_thenTheyAreTheScannedOnesAndTheCountsAreUsed() {
        write(tx -> tx.langchain().ensure(List.of("sql", "ddl")));
        write(tx -> tx.langchain().write(List.of(item("sql", "q1-sql", "one"), item("sql", "q2-sql", "two"),
                item("ddl", "t1-ddl", "create table t (x int);")), false));
        Map<String, CollectionState> scanned = read(tx -> tx.langchain().collections());
        String sql = scanned.get("sql").uuid();
        String ddl = scanned.get("ddl").uuid();

        Map<String, CollectionState> same = read(tx -> tx.langchain().collections(new EmbeddingCounts(
                Map.of(sql, 2L, ddl, 1L), Map.of(sql, Map.of(3, 2L), ddl, Map.of(3, 1L)))));
        Map<String, CollectionState> other = read(tx -> tx.langchain().collections(new EmbeddingCounts(
                Map.of(sql, 7L), Map.of(sql, Map.of(5, 4L, 3, 3L)))));

        assertThat(same).isEqualTo(scanned);
        assertThat(other.keySet()).containsExactly("ddl", "sql");
        assertThat(other.get("sql").rows()).as("the given counts, not the table's").isEqualTo(7);
        assertThat(other.get("sql").dimensions()).isEqualTo(Map.of(3, 3L, 5, 4L));
        assertThat(other.get("ddl").rows()).isZero();
        assertThat(other.get("ddl").dimensions()).isEmpty();
        assertThat(other.get("sql").uuid()).isEqualTo(sql);
    }

    @Test
    void givenStoredItems_whenWrittenAgain_thenAnItemIsSkippedByItsIdAndWithSkipExistingAlsoByItsDocument() {
        write(tx -> tx.langchain().ensure(List.of("sql")));
        write(tx -> tx.langchain().write(List.of(item("sql", "a-sql", "doc a"), item("sql", "b-sql", "doc b")), false));

        Map<String, WriteCount> skipping = write(tx -> tx.langchain().write(List.of(item("sql", "a-sql", "doc a"),
                item("sql", "other-id-sql", "doc b"), item("sql", "d-sql", "doc d")), true));
        Map<String, WriteCount> notSkipping = write(tx -> tx.langchain().write(List.of(item("sql", "a-sql", "changed"),
                item("sql", "copy-of-b-sql", "doc b")), false));

        assertThat(skipping).isEqualTo(Map.of("sql", new WriteCount(1, 2)));
        assertThat(notSkipping).isEqualTo(Map.of("sql", new WriteCount(1, 1)));
        assertThat(rows(EMBEDDING, List.of("id", "document"))).containsExactly(List.of("a-sql", "doc a"),
                List.of("b-sql", "doc b"), List.of("copy-of-b-sql", "doc b"), List.of("d-sql", "doc d"));
    }

    @Test
    void givenTwoNewItemsWithOneDocument_whenWrittenSkippingExisting_thenBothAreWrittenBecauseOnlyEarlierRowsCount() {
        write(tx -> tx.langchain().ensure(List.of("sql")));

        Map<String, WriteCount> counts = write(tx -> tx.langchain().write(List.of(item("sql", "x1-sql", "same"),
                item("sql", "x2-sql", "same")), true));

        assertThat(counts).isEqualTo(Map.of("sql", new WriteCount(2, 0)));
    }

    @Test
    void givenAnItemOfAMissingCollection_whenWritten_thenItIsRefusedBeforeAnyRowIsWritten() {
        write(tx -> tx.langchain().ensure(List.of("sql")));

        long rowsAfterRefusal = write(tx -> {
            assertThatThrownBy(() -> tx.langchain().write(List.of(item("sql", "a-sql", "a"), item("ddl", "t-ddl", "t")), false))
                    .isInstanceOf(PipelineException.class).hasMessageContaining("collection ddl does not exist");
            return tx.count(EMBEDDING);
        });

        assertThat(rowsAfterRefusal).isZero();
    }

    @Test
    void givenACollectionWithMetadata_whenProvenanceIsRecorded_thenItIsReadBackAndTheOtherMetadataIsKept() {
        EmbeddingProvenance first = EmbeddingProvenance.of("openai", "text-embedding-3-small", 3)
                .recorded("2025-07-21T11:30:10Z", "task_20250721_113010");
        EmbeddingProvenance second = EmbeddingProvenance.of("offline", "offline-lexical-v1", 3);

        List<String> created = write(tx -> {
            tx.langchain().ensure(List.of());
            tx.load(COLLECTION, List.of("uuid", "name", "cmetadata"), CopyFormat.CSV, out -> out.write(
                    ("uuid,name,cmetadata\n" + C1 + ",sql,\"{\"\"note\"\": \"\"keep me\"\"}\"\n")
                            .getBytes(StandardCharsets.UTF_8)));
            List<String> c = tx.langchain().ensure(List.of("sql", "ddl"));
            tx.langchain().recordProvenance(List.of("sql"), first);
            return c;
        });
        Map<String, CollectionState> afterFirst = read(tx -> tx.langchain().collections());
        write(tx -> {
            tx.langchain().recordProvenance(List.of("sql", "ddl"), second);
            return null;
        });
        Map<String, CollectionState> afterSecond = read(tx -> tx.langchain().collections());

        assertThat(created).as("the existing collection is used as it is").containsExactly("collection ddl");
        assertThat(afterFirst.get("sql").uuid()).isEqualTo(C1);
        assertThat(afterFirst.get("sql").provenance()).isEqualTo(first);
        assertThat(afterFirst.get("ddl").provenance()).isNull();
        assertThat(afterSecond.get("sql").provenance()).isEqualTo(second);
        assertThat(afterSecond.get("ddl").provenance()).isEqualTo(second);
        assertThat(rows(COLLECTION, List.of("name", "cmetadata"))).filteredOn(r -> r.get(0).equals("sql"))
                .singleElement().satisfies(r -> assertThat(r.get(1)).contains("\"note\"").contains("keep me"));
    }

    @Test
    void givenRowsInTwoCollections_whenTheEmbeddingsOfOneAreDeleted_thenOnlyItsRowsGoAndTheirCountIsReturned() {
        write(tx -> tx.langchain().ensure(List.of("sql", "ddl")));
        write(tx -> tx.langchain().write(List.of(item("sql", "a-sql", "a"), item("sql", "b-sql", "b"),
                item("ddl", "t-ddl", "t")), false));

        long deleted = write(tx -> tx.langchain().deleteEmbeddings(List.of("sql", "no_such_collection")));

        assertThat(deleted).isEqualTo(2);
        Map<String, CollectionState> collections = read(tx -> tx.langchain().collections());
        assertThat(collections.get("sql").rows()).isZero();
        assertThat(collections.get("ddl").rows()).isEqualTo(1);
        long again = write(tx -> tx.langchain().deleteEmbeddings(List.of("sql")));
        assertThat(again).isZero();
    }

    @Test
    void givenRowsWithTheSameDocument_whenLookingForDuplicates_thenTheyAreCountedPerCollectionAndTheSmallestIdIsKept() {
        write(tx -> tx.langchain().ensure(List.of("sql", "ddl")));
        write(tx -> tx.langchain().write(List.of(item("sql", "id-b", "same"), item("sql", "id-a", "same"),
                item("sql", "id-c", "other"), item("ddl", "id-d", "same")), false));

        Map<String, Long> found = write(tx -> tx.langchain().duplicates(false));
        long rowsAfterLooking = read(tx -> tx.count(EMBEDDING));
        Map<String, Long> removed = write(tx -> tx.langchain().duplicates(true));

        assertThat(found).isEqualTo(Map.of("sql", 1L));
        assertThat(rowsAfterLooking).isEqualTo(4);
        assertThat(removed).isEqualTo(Map.of("sql", 1L));
        assertThat(rows(EMBEDDING, List.of("id"))).extracting(r -> r.get(0)).containsExactly("id-a", "id-c", "id-d");
        Map<String, Long> afterRemoval = write(tx -> tx.langchain().duplicates(true));
        assertThat(afterRemoval).isEmpty();
    }

    // ------------------------------------------------------------------ what an incremental reload needs

    @Test
    void givenStoredRows_whenAskedWhichItemsAreStored_thenIdsAndSameDocumentsUnderAnotherIdAreTold() {
        write(tx -> tx.langchain().ensure(List.of("sql", "ddl")));
        write(tx -> tx.langchain().write(List.of(item("sql", "a-sql", "doc a"), item("ddl", "foreign-ddl", "doc t")),
                false));

        LangChainTables.Stored stored = read(tx -> tx.langchain().stored(List.of(item("sql", "a-sql", "doc a"),
                item("ddl", "mine-ddl", "doc t"), item("sql", "new-sql", "doc n"), item("ddl", "x-ddl", "doc a"))));

        assertThat(stored.ids()).containsExactly("a-sql");
        assertThat(stored.documents()).as("the same document in the same collection, under another id")
                .containsExactly("mine-ddl");
        assertThat(stored.holds(item("sql", "new-sql", "doc n"))).isFalse();
    }

    @Test
    void givenCarriedRows_whenTheTablesAreEmptiedAndRefilled_thenTheCarriedRowsComeBackExactlyInTheNewCollections() {
        write(tx -> tx.langchain().ensure(List.of("sql", "ddl")));
        write(tx -> tx.langchain().write(List.of(item("sql", "a-sql", "doc a"), item("sql", "b-sql", "doc b"),
                item("ddl", "t-ddl", "doc t")), false));
        List<List<String>> before = rows(EMBEDDING, List.of("id", "embedding", "document", "cmetadata"));

        Map<String, Long> restored = write(tx -> {
            assertThat(tx.langchain().carry(List.of("a-sql", "t-ddl", "gone-sql"))).isEqualTo(2);
            tx.deleteAll(EMBEDDING);
            tx.deleteAll(COLLECTION);
            tx.langchain().ensure(List.of("sql", "ddl"));
            return tx.langchain().restoreCarried();
        });

        assertThat(restored).isEqualTo(Map.of("sql", 1L, "ddl", 1L));
        assertThat(rows(EMBEDDING, List.of("id", "embedding", "document", "cmetadata")))
                .containsExactly(before.get(0), before.get(2));
        Map<String, CollectionState> collections = read(tx -> tx.langchain().collections());
        assertThat(collections.get("sql").rows()).as("in the new collection row").isEqualTo(1);
    }

    @Test
    void givenRowsTheNewSetDoesNotHold_whenDeletedExcept_thenOnlyThoseGoAndTheRestIsUntouched() {
        write(tx -> tx.langchain().ensure(List.of("sql", "ddl", "documentation")));
        write(tx -> tx.langchain().write(List.of(item("sql", "a-sql", "a"), item("sql", "b-sql", "b"),
                item("ddl", "t-ddl", "t"), item("documentation", "d-doc", "d")), false));

        Map<String, Long> inScope = write(tx -> tx.langchain().deleteExcept(List.of("sql", "ddl"),
                java.util.Set.of("a-sql")));
        Map<String, Long> everywhere = write(tx -> tx.langchain().deleteExcept(null, java.util.Set.of("a-sql")));
        long collections = write(tx -> tx.langchain().deleteCollectionsExcept(java.util.Set.of("sql")));

        assertThat(inScope).isEqualTo(Map.of("sql", 1L, "ddl", 1L));
        assertThat(everywhere).isEqualTo(Map.of("documentation", 1L));
        assertThat(collections).isEqualTo(2);
        assertThat(rows(EMBEDDING, List.of("id"))).containsExactly(List.of("a-sql"));
        assertThat(read(tx -> tx.langchain().collections()).keySet()).containsExactly("sql");
    }

    @Test
    void givenVectors_whenSearchedInTheTransaction_thenTheNearestComeFirstWithinTheCollectionFoundByName() {
        write(tx -> tx.langchain().ensure(List.of("sql", "ddl")));
        write(tx -> tx.langchain().write(List.of(new TrainingItem("sql", "near-sql", "near", new float[] {1, 0, 0}),
                new TrainingItem("sql", "far-sql", "far", new float[] {0, 1, 0}),
                new TrainingItem("sql", "mid-sql", "mid", new float[] {1, 1, 0}),
                new TrainingItem("ddl", "other-ddl", "other collection", new float[] {1, 0, 0})), false));

        List<io.datapipeline.core.vector.StoreHit> hits = read(tx -> tx.langchain().search("sql",
                new float[] {1, 0, 0}, 2));
        List<io.datapipeline.core.vector.StoreHit> none = read(tx -> tx.langchain().search("no_such", new float[] {1, 0,
                0}, 2));

        assertThat(hits).extracting(io.datapipeline.core.vector.StoreHit::id).containsExactly("near-sql", "mid-sql");
        assertThat(hits.get(0).distance()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(hits.get(1).distance()).isCloseTo(1 - Math.sqrt(0.5), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(none).isEmpty();
    }

    // ------------------------------------------------------------------ what a re-embed needs

    /** A vector's text ({@code [1,0.5]}, as either store writes it) as floats. */
    private static float[] floats(String text) {
        String[] parts = text.substring(1, text.length() - 1).split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i].trim());
        }
        return v;
    }

    @Test
    void givenRows_whenTheirDocumentsAreListed_thenKeyCollectionAndDocumentComeInKeyOrderForTheNamedCollections() {
        write(tx -> tx.langchain().ensure(List.of("sql", "ddl")));
        write(tx -> tx.langchain().write(List.of(item("sql", "b-sql", "doc b"), item("sql", "a-sql", "doc a"),
                item("ddl", "t-ddl", "doc t")), false));

        List<LangChainTables.StoredDocument> sql = read(tx -> tx.langchain().documents(List.of("sql")));
        List<LangChainTables.StoredDocument> all = read(tx -> tx.langchain().documents(null));
        List<LangChainTables.StoredDocument> none = read(tx -> tx.langchain().documents(List.of("no_such")));

        assertThat(sql).containsExactly(new LangChainTables.StoredDocument("a-sql", "sql", "doc a"),
                new LangChainTables.StoredDocument("b-sql", "sql", "doc b"));
        assertThat(all).extracting(LangChainTables.StoredDocument::key).containsExactly("a-sql", "b-sql", "t-ddl");
        assertThat(none).isEmpty();
    }

    @Test
    void givenNewVectors_whenReplacedWithoutATypeChange_thenOnlyTheNamedRowsChangeAndAreCountedPerCollection() {
        write(tx -> tx.langchain().ensure(List.of("sql", "ddl")));
        write(tx -> tx.langchain().write(List.of(item("sql", "a-sql", "doc a"), item("sql", "b-sql", "doc b"),
                item("ddl", "t-ddl", "doc t")), false));
        List<List<String>> before = rows(EMBEDDING, List.of("id", "embedding", "document"));

        Map<String, Long> replaced = write(tx -> tx.langchain().replaceVectors(sink -> {
            sink.accept("a-sql", new float[] {0f, 1f, 0f});
            sink.accept("t-ddl", new float[] {0f, 0f, 1f});
        }, null));

        assertThat(replaced).isEqualTo(Map.of("sql", 1L, "ddl", 1L));
        List<List<String>> after = rows(EMBEDDING, List.of("id", "embedding", "document"));
        assertThat(floats(after.get(0).get(1))).containsExactly(0f, 1f, 0f);
        assertThat(after.get(1)).as("a row not named keeps its vector").isEqualTo(before.get(1));
        assertThat(floats(after.get(2).get(1))).containsExactly(0f, 0f, 1f);
        assertThat(after).extracting(r -> r.get(2)).containsExactly("doc a", "doc b", "doc t");
    }

    @Test
    void givenANewDimension_whenVectorsAreReplaced_thenTheColumnIsRetypedAndARetypeBackEmptiesIt() {
        write(tx -> tx.langchain().ensure(List.of("sql")));
        write(tx -> tx.langchain().write(List.of(item("sql", "a-sql", "doc a"), item("sql", "b-sql", "doc b")), false));

        Map<String, Long> replaced = write(tx -> tx.langchain().replaceVectors(sink -> {
            sink.accept("a-sql", new float[] {1f, 2f});
            sink.accept("b-sql", new float[] {3f, 4f});
        }, 2));

        assertThat(replaced).isEqualTo(Map.of("sql", 2L));
        assertThat(read(tx -> tx.describe(EMBEDDING)).orElseThrow().column("embedding").orElseThrow().type())
                .isEqualTo("vector(2)");
        List<List<String>> retyped = rows(EMBEDDING, List.of("id", "embedding"));
        assertThat(floats(retyped.get(0).get(1))).containsExactly(1f, 2f);
        assertThat(floats(retyped.get(1).get(1))).containsExactly(3f, 4f);
        assertThat(read(tx -> tx.langchain().collections()).get("sql").dimensions()).isEqualTo(Map.of(2, 2L));
        assertThatThrownBy(() -> write(tx -> tx.langchain().replaceVectors(sink -> sink.accept("a-sql",
                new float[] {1f, 2f, 3f}), null))).as("a vector of another dimension than the column's")
                .isInstanceOf(PipelineException.class);

        write(tx -> {
            tx.langchain().retypeEmbedding(null);
            return null;
        });

        assertThat(read(tx -> tx.describe(EMBEDDING)).orElseThrow().column("embedding").orElseThrow().type())
                .isEqualTo("vector");
        assertThat(rows(EMBEDDING, List.of("id", "embedding"))).containsExactly(java.util.Arrays.asList("a-sql", null),
                java.util.Arrays.asList("b-sql", null));
    }
}
