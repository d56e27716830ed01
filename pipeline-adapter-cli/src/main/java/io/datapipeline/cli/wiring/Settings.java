package io.datapipeline.cli.wiring;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Resolved settings of one CLI invocation: a command-line option wins over its environment variable,
 * which wins over the config file, which wins over the default.
 */
public final class Settings {

    /** Setting key (config file) to environment variable. */
    static final Map<String, String> ENV = new LinkedHashMap<>();

    static {
        ENV.put("db.url", "PIPELINE_DB_URL");
        ENV.put("db.user", "PIPELINE_DB_USER");
        ENV.put("db.password", "PIPELINE_DB_PASSWORD");
        ENV.put("data.dir", "PIPELINE_DATA_DIR");
        ENV.put("llm.base-url", "PIPELINE_LLM_BASE_URL");
        ENV.put("llm.model", "PIPELINE_LLM_MODEL");
        ENV.put("llm.api-key", "PIPELINE_LLM_API_KEY");
        ENV.put("embedding.base-url", "PIPELINE_EMBEDDING_BASE_URL");
        ENV.put("embedding.model", "PIPELINE_EMBEDDING_MODEL");
        ENV.put("embedding.api-key", "PIPELINE_EMBEDDING_API_KEY");
        ENV.put("embedding.dimension", "PIPELINE_EMBEDDING_DIMENSION");
        ENV.put("embedding.provider", "PIPELINE_EMBEDDING_PROVIDER");
    }

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    static Settings resolve(SettingsInput input, Map<String, String> env) {
        Map<String, String> file = input.configFile() == null ? Map.of() : readConfig(Path.of(input.configFile()));
        Map<String, String> v = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : ENV.entrySet()) {
            String value = env.get(e.getValue());
            if (value == null || value.isEmpty()) {
                value = file.get(e.getKey());
            }
            if (value != null && !value.isEmpty()) {
                v.put(e.getKey(), value);
            }
        }
        putIfGiven(v, "db.url", input.dbUrl());
        putIfGiven(v, "db.user", input.dbUser());
        putIfGiven(v, "db.password", input.dbPassword());
        putIfGiven(v, "data.dir", input.dataDir());
        return new Settings(v);
    }

    private static void putIfGiven(Map<String, String> v, String key, String value) {
        if (value != null) {
            v.put(key, value);
        }
    }

    static Map<String, String> readConfig(Path file) {
        if (!Files.isRegularFile(file)) {
            throw InvalidInputException.invalid("--config", "config file " + file + " does not exist");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                Map<String, String> m = SimpleYaml.flatten(Files.readString(file, StandardCharsets.UTF_8));
                checkKeys(m, file);
                return m;
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (String key : p.stringPropertyNames()) {
                m.put(key.trim(), p.getProperty(key).trim());
            }
            checkKeys(m, file);
            return m;
        } catch (IOException e) {
            throw InvalidInputException.invalid("--config", "cannot read config file " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.invalid("--config", "config file " + file + ": " + e.getMessage());
        }
    }

    static void checkKeys(Map<String, String> m, Path file) {
        for (String key : m.keySet()) {
            if (!ENV.containsKey(key)) {
                throw InvalidInputException.invalid("--config", "unknown setting '" + key + "' in " + file
                        + "; known: " + String.join(", ", ENV.keySet()));
            }
        }
    }

    /** A setting by its environment variable name (e.g. {@code PIPELINE_LLM_MODEL}). */
    public Optional<String> byEnvName(String envVar) {
        for (Map.Entry<String, String> e : ENV.entrySet()) {
            if (e.getValue().equals(envVar)) {
                return get(e.getKey());
            }
        }
        return Optional.empty();
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The vector/metadata database, with credentials applied; a clear usage error when missing. */
    public DatabaseUrl vectorDatabase() {
        String url = values.get("db.url");
        if (url == null) {
            throw InvalidInputException.missing("--db-url",
                    "no database given: use --db-url, PIPELINE_DB_URL or db.url in --config");
        }
        return DatabaseUrl.parse(url, "--db-url").withCredentials(values.get("db.user"), values.get("db.password"));
    }

    public Path dataDir() {
        return Path.of(values.getOrDefault("data.dir", "data")).toAbsolutePath().normalize();
    }
}
