package io.datapipeline.vectoradmin.sets;

import java.io.IOException;

/**
 * Follows a PostgreSQL binary COPY stream as its bytes go by, in chunks of any size, and counts its rows:
 * the 11-byte signature, the flags and header extension, then per row a 16-bit field count and per field a
 * 32-bit length ({@code -1} for NULL) and that many bytes, and finally the trailer ({@code -1} as field count).
 * It never buffers a value, so memory does not depend on row size; it fails at the first byte that does not
 * fit the format (a flipped byte in a length, a row with another number of fields, bytes after the trailer).
 * A {@link Tap} may watch the first bytes and the length of chosen fields of every row.
 */
public final class BinaryCopyScanner {

    /** Sees, per row, the length and the first bytes of the fields it asks for; nothing else is kept. */
    interface Tap {
        /** How many leading bytes of field {@code index} (0-based) it wants; {@code 0} for none. */
        int prefix(int index);

        /**
         * Field {@code index} of the current row: its length ({@code -1} for NULL) and its first bytes (at most
         * {@link #prefix}; the array is reused, copy what you keep).
         */
        void field(int index, int length, byte[] prefix, int prefixLength);

        /** The current row is complete. */
        void rowEnd();
    }

    static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    private enum State { SIGNATURE, FLAGS, EXTENSION_LENGTH, EXTENSION, FIELD_COUNT, FIELD_LENGTH, FIELD, DONE }

    private final int expectedFields;
    private State state = State.SIGNATURE;
    private int headerRead;
    private int word;
    private int wordBytes;
    private long toSkip;
    private int fieldsLeft;
    private long rows;
    private long offset;
    private final Tap tap;
    private final int[] wanted;
    private final byte[] prefix;
    private int fieldIndex;
    private int fieldLength;
    private int prefixLength;

    /** @param expectedFields the columns each row must have, or {@code -1} to accept any */
    BinaryCopyScanner(int expectedFields) {
        this(expectedFields, null);
    }

    /**
     * @param expectedFields the columns each row must have (needed with a tap)
     * @param tap watches chosen fields of each row, or {@code null}
     */
    BinaryCopyScanner(int expectedFields, Tap tap) {
        this.expectedFields = expectedFields;
        this.tap = tap;
        int max = 0;
        this.wanted = new int[Math.max(0, expectedFields)];
        if (tap != null) {
            if (expectedFields < 0) {
                throw new IllegalArgumentException("a tap needs the number of fields");
            }
            for (int i = 0; i < expectedFields; i++) {
                wanted[i] = Math.max(0, tap.prefix(i));
                max = Math.max(max, wanted[i]);
            }
        }
        this.prefix = new byte[max];
    }

    long rows() {
        return rows;
    }

    /** Feeds the next bytes of the stream. */
    void update(byte[] b, int off, int len) throws IOException {
        int i = off;
        int end = off + len;
        while (i < end) {
            switch (state) {
                case SIGNATURE -> {
                    if (b[i] != SIGNATURE[headerRead]) {
                        throw error("not a binary COPY stream (bad signature)");
                    }
                    i++;
                    offset++;
                    if (++headerRead == SIGNATURE.length) {
                        state = State.FLAGS;
                    }
                }
                case FIELD, EXTENSION -> {
                    long n = Math.min(toSkip, end - i);
                    if (tap != null && state == State.FIELD && prefixLength < wanted[fieldIndex]) {
                        int take = (int) Math.min(n, wanted[fieldIndex] - prefixLength);
                        System.arraycopy(b, i, prefix, prefixLength, take);
                        prefixLength += take;
                    }
                    i += (int) n;
                    offset += n;
                    toSkip -= n;
                    if (toSkip == 0) {
                        afterValue();
                    }
                }
                case DONE -> throw error("bytes after the end-of-data trailer");
                default -> {
                    word = (word << 8) | (b[i] & 0xff);
                    i++;
                    offset++;
                    int size = state == State.FIELD_COUNT ? 2 : 4;
                    if (++wordBytes == size) {
                        int value = size == 2 ? (short) word : word;
                        word = 0;
                        wordBytes = 0;
                        onWord(value);
                    }
                }
            }
        }
    }

    private void onWord(int value) throws IOException {
        switch (state) {
            case FLAGS -> {
                if ((value & 0xffff0000) != 0) {
                    throw error("critical header flags " + Integer.toHexString(value) + " are not understood");
                }
                state = State.EXTENSION_LENGTH;
            }
            case EXTENSION_LENGTH -> {
                if (value < 0) {
                    throw error("negative header extension length");
                }
                toSkip = value;
                state = value == 0 ? State.FIELD_COUNT : State.EXTENSION;
            }
            case FIELD_COUNT -> {
                if (value == -1) {
                    state = State.DONE;
                    return;
                }
                if (value < 0 || expectedFields >= 0 && value != expectedFields) {
                    throw error("row " + (rows + 1) + " has " + value + " fields, expected " + expectedFields);
                }
                fieldsLeft = value;
                fieldIndex = 0;
                if (fieldsLeft == 0) {
                    rowDone();
                } else {
                    state = State.FIELD_LENGTH;
                }
            }
            case FIELD_LENGTH -> {
                if (value < -1) {
                    throw error("row " + (rows + 1) + " has a field of length " + value);
                }
                fieldLength = value;
                prefixLength = 0;
                if (value <= 0) {
                    afterField();
                } else {
                    toSkip = value;
                    state = State.FIELD;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void afterValue() {
        if (state == State.EXTENSION) {
            state = State.FIELD_COUNT;
        } else {
            afterField();
        }
    }

    private void afterField() {
        if (tap != null && wanted[fieldIndex] > 0) {
            tap.field(fieldIndex, fieldLength, prefix, prefixLength);
        }
        fieldIndex++;
        if (--fieldsLeft == 0) {
            rowDone();
            state = State.FIELD_COUNT;
        } else {
            state = State.FIELD_LENGTH;
        }
    }

    private void rowDone() {
        rows++;
        if (tap != null) {
            tap.rowEnd();
        }
    }

    /** Checks that the stream ended where it may: right after the trailer. */
    void finish() throws IOException {
        if (state != State.DONE) {
            throw error("the stream ends before its end-of-data trailer");
        }
    }

    private IOException error(String what) {
        return new IOException(what + " (at byte " + offset + ")");
    }
}
