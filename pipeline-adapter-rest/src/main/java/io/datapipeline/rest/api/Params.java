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
