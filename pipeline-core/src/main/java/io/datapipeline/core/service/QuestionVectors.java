package io.datapipeline.core.service;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.core.vector.EmbeddingProvenance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The question vectors a task's reloads measure retrieval with, kept in the task directory ({@value #FILE}) per model,
 * so that a reload of unchanged files sends no text to the embedding model. A file of another model, or one that does
 * not read, is ignored (and replaced).
 */
final class QuestionVectors {

    static final String FILE = "retrieval_question_vectors.bin";
    private static final int MAGIC = 0x44505156;
    private static final int VERSION = 1;

    private QuestionVectors() {
    }

    /**
     * One vector per question, in order: those the file holds for {@code model}, the others embedded by {@code embed}
     * (then the file holds exactly these questions).
     */
    static List<float[]> of(TaskWorkspace workspace, TaskId id, EmbeddingProvenance model, List<String> questions,
            Function<List<String>, List<float[]>> embed) {
        Map<String, float[]> known = read(workspace, id, model);
        List<String> missing = questions.stream().filter(q -> !known.containsKey(q)).distinct().toList();
        if (!missing.isEmpty()) {
            List<float[]> vectors = embed.apply(missing);
            if (vectors.size() != missing.size()) {
                throw new StepFailure("the embedding model returned " + vectors.size() + " vectors for "
                        + missing.size() + " questions");
            }
            for (int i = 0; i < missing.size(); i++) {
                known.put(missing.get(i), vectors.get(i));
            }
        }
        Map<String, float[]> kept = new LinkedHashMap<>();
        List<float[]> out = new ArrayList<>(questions.size());
        for (String q : questions) {
            kept.put(q, known.get(q));
            out.add(known.get(q));
        }
        if (!missing.isEmpty() || kept.size() != known.size()) {
            workspace.writeBytes(id, FILE, write(model, kept));
        }
        return out;
    }

    private static Map<String, float[]> read(TaskWorkspace workspace, TaskId id, EmbeddingProvenance model) {
        Map<String, float[]> out = new HashMap<>();
        byte[] bytes = workspace.readBytes(id, FILE).orElse(null);
        if (bytes == null) {
            return out;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                return out;
            }
            String provider = text(in);
            String name = text(in);
            int dimension = in.readInt();
            if (!model.sameModelAs(EmbeddingProvenance.of(provider, name, dimension))) {
                return out;
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String q = text(in);
                float[] v = new float[dimension];
                for (int d = 0; d < dimension; d++) {
                    v[d] = in.readFloat();
                }
                out.put(q, v);
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            return new HashMap<>();
        }
    }

    private static byte[] write(EmbeddingProvenance model, Map<String, float[]> vectors) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            text(out, model.provider());
            text(out, model.model());
            out.writeInt(model.dimension());
            out.writeInt(vectors.size());
            for (Map.Entry<String, float[]> e : vectors.entrySet()) {
                text(out, e.getKey());
                for (float f : e.getValue()) {
                    out.writeFloat(f);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static String text(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
