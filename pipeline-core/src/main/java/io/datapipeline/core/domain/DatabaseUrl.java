package io.datapipeline.core.domain;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A PostgreSQL connection target given as a JDBC URL ({@code jdbc:postgresql://host:port/db?...}) or a
 * libpq URI ({@code postgresql://user:password@host:port/db}). Credentials are split off so that the
 * rest can be shown and logged: {@link #masked()} never contains the password, {@link #toString()}
 * neither.
 */
public final class DatabaseUrl {

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> options;

    private DatabaseUrl(String host, int port, String database, String user, String password,
            Map<String, String> options) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.options = Map.copyOf(options);
    }

    /**
     * Parses a JDBC URL or a {@code postgresql://} / {@code postgres://} URI.
     *
     * @param raw   the URL as given
     * @param field the input field to name in errors (e.g. {@code --db-url}, {@code db_connection})
     */
    public static DatabaseUrl parse(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw InvalidInputException.missing(field, field + " is required (jdbc:postgresql://host:port/db "
                    + "or postgresql://user:password@host:port/db)");
        }
        String s = raw.trim();
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                // never quoted: the character may sit in the password
                throw InvalidInputException.invalid(field, field + " contains a control character at position "
                        + (i + 1) + "; a connection string is one line of printable text (percent-encode what is not)");
            }
        }
        String rest;
        if (s.startsWith("jdbc:postgresql://")) {
            rest = s.substring("jdbc:postgresql://".length());
        } else if (s.startsWith("postgresql://")) {
            rest = s.substring("postgresql://".length());
        } else if (s.startsWith("postgres://")) {
            rest = s.substring("postgres://".length());
        } else {
            throw InvalidInputException.invalid(field, field
                    + " must start with jdbc:postgresql://, postgresql:// or postgres://");
        }
        // userinfo first: a password may hold a raw '?', '/' or '@' (up to the last '@' followed by a path)
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        while (at >= 0 && rest.indexOf('/', at) < 0) {
            at = rest.lastIndexOf('@', at - 1);
        }
        if (at >= 0) {
            String credentials = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = credentials.indexOf(':');
            if (colon >= 0) {
                user = decodeSecret(credentials.substring(0, colon), field);
                password = decodeSecret(credentials.substring(colon + 1), field);
            } else {
                user = decodeSecret(credentials, field);
            }
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String hostPort = rest;
        String database = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            hostPort = rest.substring(0, slash);
            database = decode(rest.substring(slash + 1), field);
        }
        String host = hostPort;
        int port = 5432;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw InvalidInputException.invalid(field, field + " has an unterminated IPv6 host");
            }
            host = hostPort.substring(0, close + 1);
            String after = hostPort.substring(close + 1);
            if (after.startsWith(":")) {
                port = parsePort(after.substring(1), field);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                host = hostPort.substring(0, colon);
                port = parsePort(hostPort.substring(colon + 1), field);
            }
        }
        if (host.isEmpty()) {
            host = "localhost";
        }
        if (host.contains(",")) {
            throw InvalidInputException.invalid(field, field + ": several hosts are not supported; give one host");
        }
        if (database.isEmpty()) {
            throw InvalidInputException.invalid(field, field + " must name a database (…/dbname)");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), field);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), field);
            if (key.equals("user")) {
                user = value;
            } else if (key.equals("password")) {
                password = value;
            } else {
                options.put(key, value);
            }
        }
        return new DatabaseUrl(host, port, database, user, password, options);
    }

    /** The same target with credentials given separately (options win over what the URL carried). */
    public DatabaseUrl withCredentials(String user, String password) {
        return new DatabaseUrl(host, port, database,
                user != null && !user.isBlank() ? user : this.user,
                password != null ? password : this.password, options);
    }

    /** JDBC URL without user or password, for the driver. */
    public String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port)
                .append('/').append(encode(database));
        String sep = "?";
        for (Map.Entry<String, String> option : options.entrySet()) {
            url.append(sep).append(encode(option.getKey())).append('=').append(encode(option.getValue()));
            sep = "&";
        }
        return url.toString();
    }

    /** {@code postgresql://user:***@host:port/db}: safe to log, store and return. */
    public String masked() {
        StringBuilder s = new StringBuilder("postgresql://");
        if (user != null) {
            s.append(user);
            if (password != null) {
                s.append(":***");
            }
            s.append('@');
        }
        return s.append(host).append(':').append(port).append('/').append(database).toString();
    }

    /**
     * The full libpq URI including the password, for storing a business-database connection the task
     * needs later. Never log or return it; use {@link #masked()} for that.
     */
    public String toSecretUri() {
        StringBuilder s = new StringBuilder("postgresql://");
        if (user != null) {
            s.append(encode(user));
            if (password != null) {
                s.append(':').append(encode(password));
            }
            s.append('@');
        }
        s.append(host).append(':').append(port).append('/').append(encode(database));
        String sep = "?";
        for (Map.Entry<String, String> option : options.entrySet()) {
            s.append(sep).append(encode(option.getKey())).append('=').append(encode(option.getValue()));
            sep = "&";
        }
        return s.toString();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    public Map<String, String> options() {
        return options;
    }

    @Override
    public String toString() {
        return masked();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseUrl other && port == other.port && host.equals(other.host)
                && database.equals(other.database) && Objects.equals(user, other.user)
                && Objects.equals(password, other.password) && options.equals(other.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, database, user);
    }

    private static int parsePort(String raw, String field) {
        try {
            int port = Integer.parseInt(raw);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw InvalidInputException.invalid(field, field + " has an invalid port '" + Printable.of(raw) + "'");
        }
    }

    private static String decode(String raw, String field) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.invalid(field, field + " contains a malformed %-escape");
        }
    }

    /** Decodes a user name or password; the error never quotes any of it. */
    private static String decodeSecret(String raw, String field) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.invalid(field, field + " has a malformed %-escape in its user or password "
                    + "(write a literal % as %25)");
        }
    }

    private static String encode(String raw) {
        StringBuilder out = new StringBuilder();
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
