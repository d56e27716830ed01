package io.datapipeline.rest.api;

import io.datapipeline.core.domain.InvalidInputException;

/** Query-string values, checked. */
final class Params {

    private Params() {
    }

    static int integer(String name, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw InvalidInputException.invalid(name, name + " must be a whole number from " + min + " to " + max);
        }
    }

    /** {@code asc} or {@code desc} (any case); {@code fallback} when absent. */
    static boolean ascending(String name, String raw, String fallback) {
        String order = (raw == null ? fallback : raw).toLowerCase(java.util.Locale.ROOT);
        if (!order.equals("asc") && !order.equals("desc")) {
            throw InvalidInputException.invalid(name, name + " must be asc or desc");
        }
        return order.equals("asc");
    }

    /**
     * A local date ({@code YYYY-MM-DD}: the start of the day, or its last second with {@code endOfDay}) or date and
     * time ({@code YYYY-MM-DD HH:MM:SS}, or with {@code T}); {@code null} when absent.
     */
    static java.time.LocalDateTime dateTime(String field, String value, boolean endOfDay) {
        if (value == null) {
            return null;
        }
        String v = value.trim().replace('T', ' ');
        try {
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                java.time.LocalDate d = java.time.LocalDate.parse(v);
                return endOfDay ? d.atTime(java.time.LocalTime.MAX) : d.atStartOfDay();
            }
            if (v.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?")) {
                return java.time.LocalDateTime.parse(v.replace(' ', 'T'));
            }
        } catch (java.time.DateTimeException e) {
            // falls through to the message below
        }
        throw InvalidInputException.invalid(field, field + " must be YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or "
                + "YYYY-MM-DDTHH:MM:SS[.ffffff], not '" + value + "'");
    }

    /** The pagination block of a paged answer. */
    static java.util.Map<String, Object> pagination(int page, int size, long total) {
        long pages = (total + size - 1) / size;
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("page", page);
        m.put("page_size", size);
        m.put("total", total);
        m.put("total_pages", pages);
        m.put("has_next", page < pages);
        m.put("has_prev", page > 1);
        return m;
    }

    static boolean bool(String name, String raw, boolean fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return switch (raw.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw InvalidInputException.invalid(name, name + " must be true or false");
        };
    }
}
