package io.datapipeline.core.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a unit's inputs, fed field by field; each field is length-prefixed, so no two different sequences of
 * fields give the same bytes ({@code null} is a field of its own).
 */
final class InputsDigest {

    private final MessageDigest sha = newSha256();

    InputsDigest add(String field) {
        if (field == null) {
            sha.update((byte) 0);
            return this;
        }
        byte[] b = field.getBytes(StandardCharsets.UTF_8);
        sha.update((byte) 1);
        sha.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) ':');
        sha.update(b);
        return this;
    }

    InputsDigest add(long field) {
        return add(Long.toString(field));
    }

    String hex() {
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Hex SHA-256 of a text's UTF-8 bytes (what a file written from it holds). */
    static String sha256(String text) {
        return HexFormat.of().formatHex(newSha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
