package io.datapipeline.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.vector.EmbeddingProvenance;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX embedding model run in this process: the text is tokenized by the model's own HuggingFace tokenizer
 * ({@code [CLS] … [SEP]}, truncated at {@value #MAX_TOKENS} tokens like sentence-transformers), the token vectors are
 * pooled ({@code [CLS]} or mean) and L2-normalised.
 *
 * <p>Each text is its own inference call, and up to {@code threads} calls run at once (one ONNX thread each) on a
 * pool that lives for one {@link #embed} call. Padded batches were measured and rejected: the models are dynamically
 * quantized, so a padded batch's quantization scales depend on the other texts in it, and a text's vector changed
 * with its batch-mates (cosine 0.995 to the same text alone) — the assistant, which embeds one question at a time,
 * would never reproduce the stored vectors exactly. They were slower too (docs/performance.md). One call at a time per
 * thread also bounds memory: one sequence of at most 512 tokens per thread.
 *
 * <p>The model and tokenizer files are read from the class path on the first {@link #embed} call, not when the object
 * is built; {@link #close} releases them. Thread-safe: concurrent callers share one session.
 */
final class OnnxEmbeddingModel implements EmbeddingModel, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxEmbeddingModel.class);

    /** The models' position embeddings end at 512; longer texts are cut there, as sentence-transformers does. */
    static final int MAX_TOKENS = 512;

    private final OnnxModel spec;
    private final int threads;
    private Loaded loaded;
    private boolean closed;

    /** The session and tokenizer, once loaded. */
    private record Loaded(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer, boolean typeIds) {
    }

    /** @param threads texts embedded at once */
    OnnxEmbeddingModel(OnnxModel spec, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, not " + threads);
        }
        this.spec = spec;
        this.threads = threads;
    }

    @Override
    public String describe() {
        return "in-process onnx model " + spec.wire() + " (" + spec.upstream() + ", quantized; " + spec.dimension()
                + " dimensions, " + threads + " thread" + (threads == 1 ? "" : "s") + ")";
    }

    @Override
    public int dimension() {
        return spec.dimension();
    }

    @Override
    public EmbeddingProvenance provenance() {
        return EmbeddingProvenance.of(OnnxEmbeddings.PROVIDER, spec.wire(), spec.dimension());
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        Loaded l = load();
        float[][] out = new float[texts.size()][];
        int workers = Math.min(threads, texts.size());
        if (workers == 1) {
            for (int i = 0; i < texts.size(); i++) {
                out[i] = embedOne(l, texts.get(i));
            }
            return Arrays.asList(out);
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "onnx-embedding");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < texts.size(); i = next.getAndIncrement()) {
                        out[i] = embedOne(l, texts.get(i));
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            next.set(texts.size());
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new PipelineException("the in-process model "
                    + spec.wire() + " failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            next.set(texts.size());
            Thread.currentThread().interrupt();
            throw new PipelineException("interrupted while embedding with " + spec.wire(), e);
        } finally {
            pool.shutdownNow();
        }
        return Arrays.asList(out);
    }

    private float[] embedOne(Loaded l, String text) {
        Encoding e = l.tokenizer().encode(text == null ? "" : text);
        long[] mask = e.getAttentionMask();
        long[] shape = {1, mask.length};
        try (OnnxTensor idT = OnnxTensor.createTensor(l.env(), LongBuffer.wrap(e.getIds()), shape);
                OnnxTensor maskT = OnnxTensor.createTensor(l.env(), LongBuffer.wrap(mask), shape);
                OnnxTensor typeT = OnnxTensor.createTensor(l.env(), LongBuffer.wrap(e.getTypeIds()), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", idT);
            inputs.put("attention_mask", maskT);
            if (l.typeIds()) {
                inputs.put("token_type_ids", typeT);
            }
            try (OrtSession.Result result = l.session().run(inputs)) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                return normalise(pool(hidden, mask.length, spec.dimension(), mask));
            }
        } catch (OrtException ex) {
            throw new PipelineException("the in-process model " + spec.wire() + " failed: " + ex.getMessage(), ex);
        }
    }

    /** The text's vector from {@code last_hidden_state} ({@code [1, length, dim]}). */
    private float[] pool(FloatBuffer hidden, int length, int dim, long[] mask) {
        float[] v = new float[dim];
        int base = 0;
        if (spec.pooling() == OnnxModel.Pooling.CLS) {
            hidden.get(base, v, 0, dim);
            return v;
        }
        int n = 0;
        float[] token = new float[dim];
        for (int t = 0; t < length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            hidden.get(base + t * dim, token, 0, dim);
            for (int d = 0; d < dim; d++) {
                v[d] += token[d];
            }
            n++;
        }
        for (int d = 0; d < dim; d++) {
            v[d] /= Math.max(1, n);
        }
        return v;
    }

    static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        double norm = Math.sqrt(sum);
        if (norm == 0) {
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
        return v;
    }

    private synchronized Loaded load() {
        if (closed) {
            throw new IllegalStateException("the in-process model " + spec.wire() + " was closed");
        }
        if (loaded != null) {
            return loaded;
        }
        long t0 = System.nanoTime();
        // the tokenizer's native library is inside its jar; never let DJL look for one on the network
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        byte[] model = resource(spec.modelFile());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // parallelism comes from concurrent calls (see the class comment), one thread each
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(model, options);
            HuggingFaceTokenizer tokenizer;
            try (InputStream in = stream(spec.tokenizer())) {
                tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("addSpecialTokens", "true", "truncation",
                        "true", "maxLength", String.valueOf(MAX_TOKENS), "padding", "false"));
            }
            loaded = new Loaded(env, session, tokenizer, session.getInputNames().contains("token_type_ids"));
        } catch (OrtException e) {
            throw new PipelineException("cannot load the in-process model " + spec.wire() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tokenizer of " + spec.wire(), e);
        }
        LOG.info("embedding model loaded: model={} threads={} seconds={}", spec.wire(), threads,
                String.format("%.2f", (System.nanoTime() - t0) / 1e9));
        return loaded;
    }

    private InputStream stream(String name) {
        InputStream in = OnnxEmbeddingModel.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new PipelineException(name + " is not on the class path: the in-process model " + spec.wire()
                    + " needs the artifact " + spec.artifact());
        }
        return in;
    }

    private byte[] resource(String name) {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (loaded != null) {
            try {
                loaded.session().close();
            } catch (OrtException e) {
                LOG.warn("closing the in-process model {} failed: {}", spec.wire(), e.getMessage());
            }
            loaded.tokenizer().close();
            loaded = null;
        }
    }

    /** For tests: the token ids the model sees for a text. */
    long[] tokenIds(String text) {
        return load().tokenizer().encode(text).getIds();
    }

    List<Integer> lengths(List<String> texts) {
        List<Integer> out = new ArrayList<>();
        for (String t : texts) {
            out.add(tokenIds(t).length);
        }
        return out;
    }
}
