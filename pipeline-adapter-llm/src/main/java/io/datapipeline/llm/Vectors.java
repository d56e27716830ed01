package io.datapipeline.llm;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading and checking vectors from model answers. */
final class Vectors {

    private Vectors() {
    }

    static float[] read(JsonNode array, int expectedDimension, String endpoint) {
        if (!array.isArray()) {
            throw new ModelCallException("embedding endpoint " + endpoint + " returned no vector array");
        }
        if (array.size() != expectedDimension) {
            throw new ModelCallException("embedding endpoint " + endpoint + " returned " + array.size()
                    + "-dimensional vectors but PIPELINE_EMBEDDING_DIMENSION is " + expectedDimension);
        }
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            double d = array.get(i).asDouble(Double.NaN);
            if (!Double.isFinite(d)) {
                throw new ModelCallException("embedding endpoint " + endpoint + " returned a non-finite value");
            }
            v[i] = (float) d;
        }
        return v;
    }
}
