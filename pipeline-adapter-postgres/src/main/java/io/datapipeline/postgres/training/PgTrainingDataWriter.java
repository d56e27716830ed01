package io.datapipeline.postgres.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.out.TableShape;
import io.datapipeline.core.port.out.TrainingDataWriter;
import io.datapipeline.core.port.out.VectorStoreSession;
import io.datapipeline.core.port.out.VectorTransaction;
import io.datapipeline.core.vector.VectorTables;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes embedded training items with COPY, in one transaction of the session (so all rows land or none):
 * creates missing collection rows ({@code sql}, {@code ddl}, {@code documentation}), then streams the
 * embedding rows. Works on both LangChain schema generations (G2 {@code id}; G1 {@code uuid} +
 * {@code custom_id}).
 */
public final class PgTrainingDataWriter implements TrainingDataWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final VectorTables tables;

    public PgTrainingDataWriter(VectorTables tables) {
        this.tables = tables;
    }

    @Override
    public Map<String, Long> write(VectorStoreSession session, List<EmbeddedItem> items) {
        if (items.isEmpty()) {
            return Map.of();
        }
        return session.inWriteTransaction(tx -> {
            TableShape embedding = tx.describe(tables.embedding()).orElseThrow(() -> new PipelineException(
                    "table " + tables.embedding().display() + " does not exist"));
            Set<String> names = new LinkedHashSet<>();
            items.forEach(i -> names.add(i.collection()));
            Map<String, String> uuids = ensureCollections(tx, names);
            boolean g2 = embedding.columnNames().contains("id");
            List<String> columns = g2 ? List.of("id", "collection_id", "embedding", "document", "cmetadata")
                    : List.of("uuid", "collection_id", "embedding", "document", "cmetadata", "custom_id");
            long rows = tx.importCsv(tables.embedding(), columns, out -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                w.write(String.join(",", columns));
                w.write('\n');
                for (EmbeddedItem item : items) {
                    List<String> values = new ArrayList<>();
                    values.add(g2 ? item.id() : UUID.randomUUID().toString());
                    values.add(uuids.get(item.collection()));
                    values.add(vector(item.embedding()));
                    values.add(item.document());
                    values.add(JSON.writeValueAsString(Map.of("id", item.id())));
                    if (!g2) {
                        values.add(item.id());
                    }
                    w.write(csvLine(values));
                }
                w.flush();
            });
            if (rows != items.size()) {
                throw new PipelineException("wrote " + rows + " rows for " + items.size() + " items");
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            items.forEach(i -> counts.merge(i.collection(), 1L, Long::sum));
            return counts;
        });
    }

    private Map<String, String> ensureCollections(VectorTransaction tx, Set<String> names) throws IOException {
        Map<String, String> existing = collections(tx);
        List<String> missing = names.stream().filter(n -> !existing.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            tx.appendCsv(tables.collection(), List.of("uuid", "name"), out -> {
                StringBuilder sb = new StringBuilder("uuid,name\n");
                for (String name : missing) {
                    sb.append(csvLine(List.of(UUID.randomUUID().toString(), name)));
                }
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }, new VectorTransaction.AppendOptions(null, Map.of(), "name"));
            existing.putAll(collections(tx));
        }
        return existing;
    }

    private Map<String, String> collections(VectorTransaction tx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TableName c = tables.collection();
        tx.exportCsv(c, List.of("name", "uuid"), out);
        Map<String, String> byName = new LinkedHashMap<>();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int comma = line.lastIndexOf(',');
            if (comma > 0) {
                String name = line.substring(0, comma);
                if (name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1).replace("\"\"", "\"");
                }
                byName.putIfAbsent(name, line.substring(comma + 1));
            }
        }
        return byName;
    }

    static String vector(float[] v) {
        StringBuilder sb = new StringBuilder(v.length * 12).append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (!Float.isFinite(v[i])) {
                throw new PipelineException("an embedding contains a non-finite value");
            }
            sb.append(v[i]);
        }
        return sb.append(']').toString();
    }

    /** One CSV record for COPY: every value quoted (so "" is an empty string), NULL as an empty field. */
    static String csvLine(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String v = values.get(i);
            if (v != null) {
                sb.append('"').append(v.replace("\"", "\"\"")).append('"');
            }
        }
        return sb.append('\n').toString();
    }
}
