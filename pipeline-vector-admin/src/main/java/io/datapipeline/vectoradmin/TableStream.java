package io.datapipeline.vectoradmin;

import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.domain.BackupFormat;
import io.datapipeline.core.domain.Compression;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.vectoradmin.port.CopyFormat;
import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.vectoradmin.port.VectorTransaction;
import io.datapipeline.vectoradmin.sets.BackupCatalog;
import io.datapipeline.vectoradmin.sets.DataFiles;
import io.datapipeline.vectoradmin.sets.Manifest;
import io.datapipeline.vectoradmin.sets.ManifestCheck;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * One data file of a backup set as the COPY stream a restore or a restore drill sends: which columns it names and
 * their types, how they map onto the target table, whether it can go straight into the table or through a staging
 * table, the COPY format, the body that reads the file into the stream, and the check of what was read against the
 * manifest afterwards. Built once per format ({@link #intoLiveTable} for CSV and binary sets, {@link #asStored} for a
 * drill's scratch tables), so the callers load every table the same way.
 */
final class TableStream {

    private static final int CHUNK = 1 << 20;

    /** Reads legacy and foreign CSV: unquoted empty field = NULL, quoted empty = empty string. */
    static final CSVFormat READ = CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.ALL_NON_NULL)
            .setIgnoreEmptyLines(false).get();
    /** Writes CSV for COPY: NULL unquoted, every other value quoted (so "" stays an empty string). */
    private static final CSVFormat WRITE = CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.ALL_NON_NULL)
            .setRecordSeparator("\n").get();

    /**
     * Where the stream comes from.
     *
     * @param table    the table's display name
     * @param path     the data file
     * @param entry    its manifest entry, or {@code null} for a legacy set
     * @param encoding format and compression of the file
     */
    record Source(String table, Path path, Manifest.TableEntry entry, BackupEncoding encoding) {

        /** Fields per row as the manifest lists them, or {@code -1} when unknown. */
        int fields() {
            return entry == null ? -1 : entry.columns().size();
        }

        /** The columns as the manifest lists them. */
        List<TableShape.Column> setColumns() {
            return entry.columns().stream().map(c -> new TableShape.Column(c.name(), c.type(), c.notNull())).toList();
        }
    }

    /**
     * How the stream meets the target table.
     *
     * @param columns       the columns the COPY names, in stream order
     * @param streamColumns their types (a staging table is made of these)
     * @param mapping       target column per stream column
     * @param direct        the stream goes straight into the table; otherwise through a staging table
     * @param copy          the COPY format
     */
    record Shape(List<String> columns, List<TableShape.Column> streamColumns,
            List<VectorTransaction.ColumnMapping> mapping, boolean direct, CopyFormat copy) {
    }

    private final Source source;
    private final Shape shape;
    /** The rewrite of a legacy or foreign CSV file, or {@code null} when its bytes go as they are. */
    private final RestorePlan rewrite;
    private DataFiles.Reader reader;
    private long rewrittenRows = -1;

    private TableStream(Source source, Shape shape, RestorePlan rewrite) {
        this.source = source;
        this.shape = shape;
        this.rewrite = rewrite;
    }

    /**
     * The stream of a set's file into the live table {@code target}: a CSV file by its header (rewritten when it is
     * legacy or foreign), a binary file by its manifest's columns. Notes about the mapping go to {@code notes}.
     */
    static TableStream intoLiveTable(Source source, TableShape target, boolean legacy, List<String> notes)
            throws IOException {
        if (source.encoding().format() == BackupFormat.CSV) {
            List<String> header = BackupCatalog.scanHeader(source.path(), source.encoding());
            RestorePlan plan = new RestorePlan(source.table(), header, target, legacy);
            notes.addAll(plan.notes());
            List<String> columns = plan.columns();
            return new TableStream(source, new Shape(columns, columns.stream().map(c -> target.column(c)
                    .orElseThrow()).toList(), columns.stream().map(VectorTransaction.ColumnMapping::same).toList(),
                    true, CopyFormat.CSV), plan.raw() ? null : plan);
        }
        List<TableShape.Column> set = source.setColumns();
        BinaryPlan plan = new BinaryPlan(source.table(), set, target);
        notes.addAll(plan.notes());
        return new TableStream(source, new Shape(set.stream().map(TableShape.Column::name).toList(), set,
                plan.mapping(), plan.direct(), CopyFormat.BINARY), null);
    }

    /** The stream of a set's file exactly as stored, into a table of the set's own columns (a restore drill). */
    static TableStream asStored(Source source) {
        List<TableShape.Column> set = source.setColumns();
        CopyFormat copy = source.encoding().format() == BackupFormat.BINARY ? CopyFormat.BINARY : CopyFormat.CSV;
        return new TableStream(source, new Shape(set.stream().map(TableShape.Column::name).toList(), set,
                set.stream().map(c -> VectorTransaction.ColumnMapping.same(c.name())).toList(), true, copy), null);
    }

    Source source() {
        return source;
    }

    Shape shape() {
        return shape;
    }

    /** The file's size in bytes. */
    long size() throws IOException {
        return Files.size(source.path());
    }

    /** Reads the file into the COPY stream, reporting progress; the digests see every byte of the file. */
    VectorTransaction.RowSource body(TransferProgress progress) {
        return out -> {
            try (DataFiles.Reader in = new DataFiles.Reader(source.path(), source.encoding(), source.fields())) {
                reader = in;
                if (rewrite == null) {
                    copyBytes(in, out, progress, source.table(), source.encoding().format() == BackupFormat.CSV
                            && source.encoding().compression() == Compression.NONE);
                } else {
                    rewrittenRows = rewrite(in, out, progress);
                }
                in.drain();
            }
        };
    }

    /** Rows the file held: counted while it streamed (binary, rewritten CSV), else the rows the COPY took. */
    long rowsRead(long copied) {
        if (reader != null && reader.rows() >= 0) {
            return reader.rows();
        }
        return rewrittenRows >= 0 ? rewrittenRows : copied;
    }

    /**
     * Holds what was read against the manifest, as verify does (size, stored and content digests, rows), and the rows
     * the COPY took against it too; a mismatch throws {@link ManifestCheck.Mismatch}, which rolls the caller's
     * transaction back. A legacy set has nothing to check.
     */
    void check(long copied) throws IOException {
        Manifest.TableEntry entry = source.entry();
        if (entry == null) {
            return;
        }
        ManifestCheck.require(source.table(), entry, new ManifestCheck.Facts(size(), reader == null ? null
                : reader.storedSha256(), reader == null ? null : reader.contentSha256(), rowsRead(copied)));
        if (entry.rows() != copied) {
            ManifestCheck.require(source.table(), entry, new ManifestCheck.Facts(-1, null, null, copied));
        }
    }

    /**
     * Holds the bytes read against the manifest's size and digests only (a drill counts the rows the database took
     * itself); a mismatch throws {@link ManifestCheck.Mismatch}.
     */
    void checkDigests() throws IOException {
        ManifestCheck.require(source.table(), source.entry(), new ManifestCheck.Facts(size(), reader == null ? null
                : reader.storedSha256(), reader == null ? null : reader.contentSha256(), -1));
    }

    private static void copyBytes(InputStream in, OutputStream out, TransferProgress progress, String table,
            boolean chunks) throws IOException {
        byte[] buf = new byte[CHUNK];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (n > 0) {
                out.write(buf, 0, n);
                if (chunks) {
                    progress.chunk(table, buf, 0, n);
                } else {
                    progress.transferred(table, n);
                }
            }
        }
    }

    private long rewrite(InputStream source, OutputStream out, TransferProgress progress) throws IOException {
        long rows = 0;
        InputStream in = new ProgressInputStream(source, progress, this.source.table());
        Reader text = new InputStreamReader(in, StandardCharsets.UTF_8);
        // not closed: the caller drains and closes the source, so the digests see every byte
        @SuppressWarnings("resource")
        CSVParser parser = READ.parse(text);
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), CHUNK);
        CSVPrinter printer = new CSVPrinter(writer, WRITE);
        printer.printRecord(rewrite.columns());
        Iterator<CSVRecord> it = parser.iterator();
        if (it.hasNext()) {
            it.next();
        }
        while (it.hasNext()) {
            CSVRecord record = it.next();
            List<String> values;
            try {
                values = rewrite.transform(record.toList());
            } catch (IllegalArgumentException e) {
                throw new PipelineException(this.source.table() + " record " + (rows + 1) + " (line "
                        + parser.getCurrentLineNumber() + "): metadata is neither JSON nor a Python literal: "
                        + e.getMessage(), e);
            }
            printer.printRecord(values);
            rows++;
        }
        printer.flush();
        return rows;
    }

    /** Reports bytes read to a progress receiver. */
    private static final class ProgressInputStream extends java.io.FilterInputStream {
        private final TransferProgress progress;
        private final String table;

        ProgressInputStream(InputStream in, TransferProgress progress, String table) {
            super(in);
            this.progress = progress;
            this.table = table;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                progress.chunk(table, b, off, n);
            }
            return n;
        }
    }
}
