package io.datapipeline.vectoradmin.fakes;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PostgreSQL's binary COPY framing (signature, flags, extension, per row a field count and length-prefixed values,
 * trailer) for the in-memory store. Values are the fake's text, as UTF-8: the framing is real, the types' own send
 * formats are not (the fake has no types), so a fake binary stream loads only into the fake.
 */
final class FakeBinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    private FakeBinaryCopy() {
    }

    static void write(List<List<String>> rows, int columns, OutputStream target) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        out.write(SIGNATURE);
        out.writeInt(0);
        out.writeInt(0);
        for (List<String> row : rows) {
            out.writeShort(columns);
            for (String v : row) {
                if (v == null) {
                    out.writeInt(-1);
                } else {
                    byte[] b = v.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(b.length);
                    out.write(b);
                }
            }
        }
        out.writeShort(-1);
        out.flush();
        target.write(buffer.toByteArray());
    }

    static List<List<String>> read(byte[] bytes) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte[] sig = new byte[SIGNATURE.length];
        if (bytes.length < SIGNATURE.length + 8) {
            throw new IOException("not a binary COPY stream");
        }
        in.get(sig);
        if (!Arrays.equals(sig, SIGNATURE)) {
            throw new IOException("not a binary COPY stream (bad signature)");
        }
        in.getInt();
        int ext = in.getInt();
        in.position(in.position() + ext);
        List<List<String>> rows = new ArrayList<>();
        while (true) {
            short fields = in.getShort();
            if (fields == -1) {
                break;
            }
            List<String> row = new ArrayList<>();
            for (int i = 0; i < fields; i++) {
                int len = in.getInt();
                if (len < 0) {
                    row.add(null);
                } else {
                    byte[] v = new byte[len];
                    in.get(v);
                    row.add(new String(v, StandardCharsets.UTF_8));
                }
            }
            rows.add(row);
        }
        if (in.hasRemaining()) {
            throw new IOException("bytes after the end-of-data trailer");
        }
        return rows;
    }
}
