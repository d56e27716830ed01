package io.datapipeline.core.domain;

/** How a rejected input is quoted back in a message: at most 80 characters, control characters as {@code ?}. */
public final class Printable {

    private Printable() {
    }

    public static String of(String raw) {
        if (raw == null) {
            return "null";
        }
        String cut = raw.length() > 80 ? raw.substring(0, 80) + "..." : raw;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
