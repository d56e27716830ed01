package io.datapipeline.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The demo's existing LangChain store ({@code demo/sample_langchain.sql}) stands for what an assistant built with
 * sentence-transformers' {@code BAAI/bge-small-zh-v1.5} before the pipeline: its vectors must be that model's (the
 * demo's default load embeds with the in-process one and refuses another model's vectors). This test holds the file
 * to it; {@code -Ddemo.regenerate=true} writes the file from the model.
 */
class DemoSampleStoreTest {

    private static final Path FILE = Path.of("../demo/sample_langchain.sql");
    private static final Pattern ROW = Pattern.compile("\\('([0-9a-f-]+-sql)', '[0-9a-f-]+',\\s*'(\\[[^']+\\])',\\s*"
            + "'((?:[^']|'')*)'");

    static List<String> questions() {
        List<String> out = new ArrayList<>();
        for (int shop = 1; shop <= 12; shop++) {
            out.add("{\"question\": \"How many orders did shop " + shop + " take last month?\", \"sql\": \"SELECT count(*) "
                    + "FROM sales_order WHERE shop_id = " + shop + " AND ordered_at >= date_trunc('month', now()) - "
                    + "interval '1 month' AND ordered_at < date_trunc('month', now());\"}");
        }
        return out;
    }

    @Test
    void givenTheDemoStore_whenItsVectorsAreRecomputed_thenTheyAreTheInProcessModelsVectorsOfItsDocuments()
            throws IOException {
        try (OnnxEmbeddingModel model = new OnnxEmbeddingModel(OnnxModel.BGE_SMALL_ZH_V15_Q, 2)) {
            if (Boolean.getBoolean("demo.regenerate")) {
                write(model);
            }
            String sql = Files.readString(FILE, StandardCharsets.UTF_8);
            Matcher m = ROW.matcher(sql);
            List<String> docs = new ArrayList<>();
            List<float[]> stored = new ArrayList<>();
            while (m.find()) {
                docs.add(m.group(3).replace("''", "'"));
                stored.add(parse(m.group(2)));
            }
            assertThat(docs).containsExactlyElementsOf(questions());
            List<float[]> fresh = model.embed(docs);
            for (int i = 0; i < docs.size(); i++) {
                assertThat(stored.get(i)).hasSize(512);
                assertThat(OnnxEmbeddingModelTest.cosine(stored.get(i), fresh.get(i))).as(docs.get(i)).isGreaterThan(0.99999);
            }
        }
    }

    private static float[] parse(String literal) {
        String[] parts = literal.substring(1, literal.length() - 1).split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }

    private static void write(OnnxEmbeddingModel model) throws IOException {
        String sql = Files.readString(FILE, StandardCharsets.UTF_8);
        int cut = sql.indexOf("INSERT INTO langchain_pg_embedding");
        StringBuilder sb = new StringBuilder(sql.substring(0, cut));
        sb.append("INSERT INTO langchain_pg_embedding (id, collection_id, embedding, document, cmetadata) VALUES\n");
        List<String> docs = questions();
        List<float[]> vectors = model.embed(docs);
        for (int i = 0; i < docs.size(); i++) {
            String id = java.util.UUID.nameUUIDFromBytes(("seed" + (i + 1)).getBytes(StandardCharsets.UTF_8)) + "-sql";
            StringBuilder v = new StringBuilder("[");
            for (int d = 0; d < vectors.get(i).length; d++) {
                v.append(d == 0 ? "" : ",").append(vectors.get(i)[d]);
            }
            v.append(']');
            sb.append("  ('").append(id).append("', '6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01',\n   '").append(v)
                    .append("',\n   '").append(docs.get(i).replace("'", "''")).append("',\n   '{\"id\": \"").append(id)
                    .append("\", \"createdat\": null}')").append(i == docs.size() - 1 ? "\n" : ",\n");
        }
        sb.append("ON CONFLICT DO NOTHING;\n");
        Files.writeString(FILE, sb.toString(), StandardCharsets.UTF_8);
    }
}
