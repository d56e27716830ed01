package io.datapipeline.core.vector;

import java.util.Locale;

/** Formatting shared by the reports: the original's size strings and rounded durations. */
public final class Sizes {

    private static final String[] UNITS = {"B", "KB", "MB", "GB"};

    private Sizes() {
    }

    /** {@code "0 B"}, else one decimal with 1024 steps over B, KB, MB, GB (the original's {@code 209.0 B}). */
    public static String human(long bytes) {
        if (bytes == 0) {
            return "0 B";
        }
        double size = bytes;
        int unit = 0;
        while (size >= 1024 && unit < UNITS.length - 1) {
            size /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", size, UNITS[unit]);
    }

    /** Seconds rounded to 4 decimals, as the original reports them. */
    public static double round(double seconds) {
        return Math.round(seconds * 10_000d) / 10_000d;
    }
}
