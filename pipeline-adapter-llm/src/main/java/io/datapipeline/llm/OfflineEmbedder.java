package io.datapipeline.llm;

import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.vector.EmbeddingProvenance;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The default embedder when no embedding endpoint is configured: a <em>lexical</em> embedder, not a
 * semantic one. Each text is split into lower-cased word tokens (and single CJK characters), tokens and
 * adjacent token pairs are hashed (FNV-1a, 64 bit) into the vector with a hashed sign, term counts are
 * damped with {@code 1 + ln(tf)}, and the vector is L2-normalised. The same text always gives the same
 * vector; texts sharing words are close. It needs no network and no model files, which is what demos and
 * tests need; for a real assistant configure an embedding endpoint.
 */
public final class OfflineEmbedder implements EmbeddingModel {

    private final int dimension;

    public OfflineEmbedder(int dimension) {
        if (dimension < 2 || dimension > 16000) {
            throw new IllegalArgumentException("embedding dimension must be between 2 and 16000, not " + dimension);
        }
        this.dimension = dimension;
    }

    @Override
    public String describe() {
        return "offline lexical embedder (token hashing, " + dimension + " dimensions; not a semantic model)";
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** Model name recorded with its vectors; changes whenever the hashing changes. */
    public static final String MODEL = "offline-lexical-v1";

    @Override
    public EmbeddingProvenance provenance() {
        return EmbeddingProvenance.of("offline", MODEL, dimension);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(embedOne(t));
        }
        return out;
    }

    float[] embedOne(String text) {
        List<String> tokens = tokens(text == null ? "" : text);
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        String previous = null;
        for (String token : tokens) {
            counts.merge(token, 1, Integer::sum);
            if (previous != null) {
                counts.merge(previous + " " + token, 1, Integer::sum);
            }
            previous = token;
        }
        double[] acc = new double[dimension];
        for (java.util.Map.Entry<String, Integer> e : counts.entrySet()) {
            long h = fnv1a(e.getKey());
            int index = (int) Long.remainderUnsigned(h, dimension);
            double sign = ((h >>> 63) == 0) ? 1.0 : -1.0;
            double weight = (1.0 + Math.log(e.getValue())) * (e.getKey().indexOf(' ') >= 0 ? 0.5 : 1.0);
            acc[index] += sign * weight;
        }
        double norm = 0;
        for (double a : acc) {
            norm += a * a;
        }
        float[] v = new float[dimension];
        if (norm == 0) {
            // an empty text still gets a valid unit vector
            v[0] = 1f;
            return v;
        }
        double inv = 1.0 / Math.sqrt(norm);
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) (acc[i] * inv);
        }
        return v;
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(cp -> {
            if (isCjk(cp)) {
                flush(word, tokens);
                tokens.add(new String(Character.toChars(cp)));
            } else if (Character.isLetterOrDigit(cp) || cp == '_') {
                word.appendCodePoint(cp);
            } else {
                flush(word, tokens);
            }
        });
        flush(word, tokens);
        return tokens;
    }

    private static void flush(StringBuilder word, List<String> tokens) {
        if (word.length() > 0) {
            tokens.add(word.toString());
            word.setLength(0);
        }
    }

    private static boolean isCjk(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL;
    }

    static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
