package io.datapipeline.cli.command;

import io.datapipeline.core.vector.Sizes;
import io.datapipeline.core.vector.TransferProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on the terminal (stderr) for backups, restores and training loads: rows (counted in the
 * CSV stream, outside quoted fields), bytes, rate and an ETA from the table's row estimate (or the file
 * size). Redrawn at most ten times a second; the final line stays. Only used when stderr is a terminal
 * and {@code --json} is off.
 */
final class TerminalProgress implements TransferProgress {

    private static final int WIDTH = 24;

    private final PrintWriter err;
    private String table;
    private long estimatedRows;
    private long expectedBytes;
    private long bytes;
    private long rows;
    private boolean quoted;
    private long start;
    private long lastDraw;

    TerminalProgress(PrintWriter err) {
        this.err = err;
    }

    /** A bar when a person is watching, otherwise nothing (plain log lines stay). */
    static TransferProgress forTerminal(PrintWriter err, boolean json) {
        return !json && System.console() != null && !"dumb".equals(System.getenv("TERM")) ? new TerminalProgress(err)
                : TransferProgress.NONE;
    }

    @Override
    public synchronized void started(String table, long estimatedRows, long expectedBytes) {
        this.table = table;
        this.estimatedRows = estimatedRows;
        this.expectedBytes = expectedBytes;
        this.bytes = 0;
        this.rows = 0;
        this.quoted = false;
        this.start = System.nanoTime();
        this.lastDraw = 0;
        draw(false);
    }

    @Override
    public synchronized void transferred(String table, long n) {
        bytes += n;
        long now = System.nanoTime();
        if (now - lastDraw > 100_000_000L) {
            lastDraw = now;
            draw(false);
        }
    }

    /** Counts records in CSV bytes: a newline outside quotes ends one (the header included). */
    @Override
    public synchronized void chunk(String table, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                rows++;
            }
        }
        transferred(table, len);
    }

    @Override
    public synchronized void rows(String table, long n) {
        rows = n + 1;
    }

    @Override
    public synchronized void finished(String table, long rowCount, long byteCount) {
        this.rows = rowCount + 1;
        this.bytes = byteCount;
        draw(true);
    }

    private void draw(boolean done) {
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        long dataRows = Math.max(0, rows - 1);
        double fraction = -1;
        if (done) {
            fraction = 1;
        } else if (expectedBytes > 0) {
            fraction = Math.min(1, (double) bytes / expectedBytes);
        } else if (estimatedRows > 0) {
            fraction = Math.min(1, (double) dataRows / estimatedRows);
        }
        StringBuilder line = new StringBuilder("\r").append(String.format(Locale.ROOT, "%-24s ", table));
        if (fraction >= 0) {
            int filled = (int) Math.round(fraction * WIDTH);
            line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append(']')
                    .append(String.format(Locale.ROOT, " %3d%%", Math.round(fraction * 100)));
        }
        String unit = table.equals("embedding") ? " items" : " rows";
        line.append(String.format(Locale.ROOT, " %,d%s  %s  %s/s", table.equals("embedding") ? bytes : dataRows, unit,
                table.equals("embedding") ? "" : Sizes.human(bytes),
                table.equals("embedding") ? String.format(Locale.ROOT, "%.0f", bytes / seconds)
                        : Sizes.human((long) (bytes / seconds))));
        if (!done && fraction > 0.01) {
            line.append(String.format(Locale.ROOT, "  ETA %ds", Math.round(seconds / fraction - seconds)));
        }
        line.append("\033[K");
        if (done) {
            line.append('\n');
        }
        err.print(line);
        err.flush();
    }
}
