package io.datapipeline.cli.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The CLI's sources of {@link PipelineSettings}: a command-line option wins over its environment variable, which
 * wins over the config file ({@code .properties} or {@code .yaml}), which wins over the default.
 */
final class Settings {

    /** Setting key (config file) to environment variable. */
    static final Map<String, String> ENV = new LinkedHashMap<>();

    static {
        ENV.put("db.url", PipelineSettings.DB_URL);
        ENV.put("db.user", PipelineSettings.DB_USER);
        ENV.put("db.password", PipelineSettings.DB_PASSWORD);
        ENV.put("data.dir", PipelineSettings.DATA_DIR);
        ENV.put("llm.base-url", PipelineSettings.LLM_BASE_URL);
        ENV.put("llm.model", PipelineSettings.LLM_MODEL);
        ENV.put("llm.api-key", PipelineSettings.LLM_API_KEY);
        ENV.put("embedding.base-url", PipelineSettings.EMBEDDING_BASE_URL);
        ENV.put("embedding.model", PipelineSettings.EMBEDDING_MODEL);
        ENV.put("embedding.api-key", PipelineSettings.EMBEDDING_API_KEY);
        ENV.put("embedding.dimension", PipelineSettings.EMBEDDING_DIMENSION);
        ENV.put("embedding.provider", PipelineSettings.EMBEDDING_PROVIDER);
        ENV.put("embedding.threads", PipelineSettings.EMBEDDING_THREADS);
        ENV.put("db.connect-timeout-seconds", PipelineSettings.DB_CONNECT_TIMEOUT_SECONDS);
        ENV.put("vector.writer-wait-seconds", PipelineSettings.WRITER_WAIT_SECONDS);
        ENV.put("backup.format", PipelineSettings.BACKUP_FORMAT);
        ENV.put("backup.compress", PipelineSettings.BACKUP_COMPRESS);
        ENV.put("backup.keep", PipelineSettings.BACKUP_KEEP);
        ENV.put("backup.max-age", PipelineSettings.BACKUP_MAX_AGE);
        ENV.put("backup.schedule", PipelineSettings.BACKUP_SCHEDULE);
        ENV.put("backup.min-free-space", PipelineSettings.BACKUP_MIN_FREE_SPACE);
        ENV.put("instance.id", PipelineSettings.INSTANCE_ID);
        ENV.put("llm.concurrency", PipelineSettings.LLM_CONCURRENCY);
        // the language-model steps' defaults, under the original's config.py keys (SCHEMA_TOOLS_CONFIG)
        ENV.put("max_concurrent_tables", PipelineSettings.MAX_CONCURRENT_TABLES);
        ENV.put("max_table_failures", PipelineSettings.MAX_TABLE_FAILURES);
        ENV.put("sample_data_limit", PipelineSettings.SAMPLE_DATA_LIMIT);
        ENV.put("enum_detection_sample_limit", PipelineSettings.ENUM_DETECTION_SAMPLE_LIMIT);
        ENV.put("enum_max_distinct_values", PipelineSettings.ENUM_MAX_DISTINCT_VALUES);
        ENV.put("qs_generation.max_concurrent_themes", PipelineSettings.MAX_CONCURRENT_THEMES);
        ENV.put("qs_generation.theme_count", PipelineSettings.THEME_COUNT);
        ENV.put("qs_generation.questions_per_theme", PipelineSettings.QUESTIONS_PER_THEME);
        ENV.put("qs_generation.continue_on_theme_error", PipelineSettings.CONTINUE_ON_THEME_ERROR);
    }

    private Settings() {
    }

    static PipelineSettings resolve(SettingsInput input, Map<String, String> env) {
        Map<String, String> file = input.configFile() == null ? Map.of() : readConfig(Path.of(input.configFile()));
        Map<String, String> options = new LinkedHashMap<>();
        putIfGiven(options, PipelineSettings.DB_URL, input.dbUrl());
        putIfGiven(options, PipelineSettings.DB_USER, input.dbUser());
        putIfGiven(options, PipelineSettings.DB_PASSWORD, input.dbPassword());
        putIfGiven(options, PipelineSettings.DATA_DIR, input.dataDir());
        Map<String, String> fileByEnv = new LinkedHashMap<>();
        file.forEach((k, v) -> fileByEnv.put(ENV.get(k), v));
        java.util.Set<String> fromFile = new java.util.HashSet<>();
        try {
            return PipelineSettings.from(name -> {
                String v = options.get(name);
                if (v == null) {
                    v = env.get(name);
                }
                if (v == null || v.isEmpty()) {
                    v = fileByEnv.get(name);
                    if (v != null) {
                        fromFile.add(name);
                    }
                }
                return Optional.ofNullable(v);
            }, dir -> Path.of(dir).toAbsolutePath().normalize().toString());
        } catch (InvalidInputException e) {
            if (e.field() == null || !fromFile.contains(e.field())) {
                throw e;
            }
            // the value came from the config file: name the key the user wrote there
            String key = ENV.entrySet().stream().filter(x -> x.getValue().equals(e.field())).map(Map.Entry::getKey)
                    .findFirst().orElse(e.field());
            throw InvalidInputException.invalid("--config", key + " in " + input.configFile() + ": " + e.getMessage());
        }
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
            Map<String, String> m = new LinkedHashMap<>();
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
                if (root != null && !root.isMissingNode() && !root.isNull()) {
                    if (!root.isObject()) {
                        throw new IllegalArgumentException("the file must be a mapping of settings");
                    }
                    flatten("", root, m);
                }
            } else {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                for (String key : p.stringPropertyNames()) {
                    m.put(key.trim(), p.getProperty(key).trim());
                }
            }
            checkKeys(m, file);
            return m;
        } catch (IOException e) {
            throw InvalidInputException.invalid("--config", "cannot read config file " + file + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.invalid("--config", "config file " + file + ": " + e.getMessage());
        }
    }

    /** {@code db: {url: x}} becomes {@code db.url=x}; only mappings of scalars are settings. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                flatten(key, v, out);
            } else if (v.isValueNode() && !v.isNull()) {
                out.put(key, v.asText());
            } else if (!v.isNull()) {
                throw new IllegalArgumentException(key + ": only key: value mappings are supported");
            }
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
}
