package io.datapipeline.core.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The REST API's bearer tokens and their scopes, from {@code PIPELINE_API_TOKEN} (one token, full access) and
 * {@code PIPELINE_API_TOKENS} ({@code token:scope} entries separated by commas). Only SHA-256 digests of the tokens
 * are kept; a presented token is compared with every entry in constant time. Nothing here ever prints a token.
 */
public final class ApiTokens {

    /** No token configured: the API is open. */
    public static final ApiTokens NONE = new ApiTokens(List.of());

    private record Entry(byte[] digest, ApiScope scope) {
    }

    private final List<Entry> entries;

    private ApiTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses the two settings; either may be absent.
     *
     * @param single {@code PIPELINE_API_TOKEN}: one token with the {@code admin} scope (the server's access before
     *               scopes existed)
     * @param scoped {@code PIPELINE_API_TOKENS}: e.g. {@code r3ad-t0ken:read, ci-t0ken:execute, 0ps-t0ken:admin};
     *               the scope follows the last {@code :} of an entry; a token is visible ASCII without {@code ,}
     */
    public static ApiTokens parse(Optional<String> single, Optional<String> scoped) {
        List<Entry> entries = new ArrayList<>();
        // taken as it always was (any text, trimmed), so an existing deployment keeps working
        single.map(String::trim).filter(t -> !t.isEmpty()).ifPresent(t -> entries.add(new Entry(digest(t),
                ApiScope.ADMIN)));
        if (scoped.isPresent() && !scoped.get().isBlank()) {
            String[] parts = scoped.get().split(",", -1);
            for (int i = 0; i < parts.length; i++) {
                String where = PipelineSettings.API_TOKENS + " entry " + (i + 1);
                String part = parts[i].trim();
                int colon = part.lastIndexOf(':');
                if (part.isEmpty() || colon < 0) {
                    throw InvalidInputException.invalid(PipelineSettings.API_TOKENS, where + " is not token:scope "
                            + "(entries are separated by commas, e.g. tokA:read,tokB:execute,tokC:admin)");
                }
                String token = part.substring(0, colon).trim();
                checkToken(token, where, PipelineSettings.API_TOKENS);
                ApiScope scope = ApiScope.fromWire(part.substring(colon + 1), PipelineSettings.API_TOKENS, where);
                byte[] d = digest(token);
                for (Entry e : entries) {
                    if (MessageDigest.isEqual(e.digest(), d)) {
                        throw InvalidInputException.invalid(PipelineSettings.API_TOKENS, where + " repeats a token "
                                + "given before (in " + PipelineSettings.API_TOKENS + " or " + PipelineSettings.API_TOKEN
                                + "); give each token once, with one scope");
                    }
                }
                entries.add(new Entry(d, scope));
            }
        }
        return entries.isEmpty() ? NONE : new ApiTokens(entries);
    }

    private static void checkToken(String token, String where, String field) {
        if (token.isEmpty()) {
            throw InvalidInputException.invalid(field, where + " has an empty token");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c > '~' || c == ',') {
                throw InvalidInputException.invalid(field, where + ": a token is visible ASCII without spaces or "
                        + "commas (it travels in the Authorization header)");
            }
        }
    }

    /** Whether the API asks for a token at all. */
    public boolean enabled() {
        return !entries.isEmpty();
    }

    /** The scope of the presented token, or empty when it is none of ours. Takes the same time for every answer. */
    public Optional<ApiScope> scopeOf(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] d = digest(presented);
        ApiScope found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), d)) {
                found = e.scope();
            }
        }
        return Optional.ofNullable(found);
    }

    /** How many tokens each scope has: for the start-up log. */
    public Map<ApiScope, Integer> counts() {
        Map<ApiScope, Integer> counts = new EnumMap<>(ApiScope.class);
        entries.forEach(e -> counts.merge(e.scope(), 1, Integer::sum));
        return counts;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return enabled() ? "ApiTokens" + counts() : "ApiTokens[none]";
    }
}
