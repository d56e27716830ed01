package io.datapipeline.core.vector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;

/**
 * One document to write into the LangChain tables.
 *
 * @param collection {@code sql}, {@code ddl} or {@code documentation}
 * @param id         row id: {@link #contentId(String, String)}
 * @param document   the text
 * @param embedding  the vector, or {@code null} while it is not embedded yet (a reload embeds only what the store does
 *                   not hold already with the same model)
 */
public record TrainingItem(String collection, String id, String document, float[] embedding) {

    /** Namespace of the content ids (a fixed random UUID of this product). */
    private static final UUID NAMESPACE = UUID.fromString("6f1b2a8e-3c4d-4e5f-9a0b-7c8d9e0f1a2b");

    public TrainingItem {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(document, "document");
    }

    /** A document not embedded yet. */
    public static TrainingItem unembedded(String collection, String document) {
        return new TrainingItem(collection, contentId(collection, document), document, null);
    }

    /** The same item with its vector. */
    public TrainingItem withEmbedding(float[] vector) {
        return new TrainingItem(collection, id, document, Objects.requireNonNull(vector, "vector"));
    }

    public boolean embedded() {
        return embedding != null;
    }

    /** An item whose id is derived from its collection and document. */
    public static TrainingItem of(String collection, String document, float[] embedding) {
        return new TrainingItem(collection, contentId(collection, document), document, embedding);
    }

    /**
     * The id of a document in a collection: a name-based (version 5, SHA-1) UUID of the collection and the
     * exact document, plus Vanna's suffix ({@code -sql}, {@code -ddl}, {@code -doc}) from which the assistant
     * derives the training-data type. The same document in the same collection always gets the same id, so
     * reloading never duplicates.
     */
    public static String contentId(String collection, String document) {
        return nameUuid(collection + "\n" + document) + suffix(collection);
    }

    /** Vanna's id suffix for a collection. */
    public static String suffix(String collection) {
        return switch (collection) {
            case "sql" -> "-sql";
            case "ddl" -> "-ddl";
            default -> "-doc";
        };
    }

    /** RFC 4122 version-5 UUID of {@code name} in this product's namespace. */
    public static UUID nameUuid(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the Java platform", e);
        }
        sha1.update(toBytes(NAMESPACE));
        byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (h[i] & 0xff);
            lsb = (lsb << 8) | (h[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    private static byte[] toBytes(UUID u) {
        byte[] b = new byte[16];
        long msb = u.getMostSignificantBits();
        long lsb = u.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (msb >>> (56 - 8 * i));
            b[i + 8] = (byte) (lsb >>> (56 - 8 * i));
        }
        return b;
    }
}
