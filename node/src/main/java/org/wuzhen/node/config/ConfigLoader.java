package org.wuzhen.node.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.wuzhen.federation.FederationSettings;
import org.wuzhen.federation.SettingException;
import org.wuzhen.governance.CommunitySettings;
import org.wuzhen.governance.GovernanceException;
import org.wuzhen.misp.MispFeed;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonLimits;
import org.wuzhen.stix.JsonNull;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.CollectionId;
import org.wuzhen.stream.StreamSettings;
import org.wuzhen.taxii.LoginLimits;
import org.wuzhen.taxii.TaxiiConfig;
import org.wuzhen.taxii.TlsSettings;
import org.wuzhen.web.ConsoleSettings;

/**
 * Reads a node's configuration: defaults, then a YAML file, then environment variables ({@code
 * WUZHEN_} + the setting's name in upper case with dots as underscores, e.g. {@code
 * WUZHEN_SERVER_PORT}), then command-line overrides. Every value is checked; the first bad one
 * stops start-up with a {@link ConfigException} that names it.
 */
public final class ConfigLoader {
  private static final Pattern ROOT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");

  /** Every scalar setting and its default ("" = none). */
  private static final Map<String, String> SCALARS = new LinkedHashMap<>();

  static {
    SCALARS.put("node.data", "wuzhen-data");
    SCALARS.put("server.host", "127.0.0.1");
    SCALARS.put("server.port", "9443");
    SCALARS.put("server.public_url", "");
    SCALARS.put("store.kind", "sqlite");
    SCALARS.put("store.url", "");
    SCALARS.put("store.user", "");
    SCALARS.put("store.password", "");
    SCALARS.put("store.pool_size", "16");
    SCALARS.put("taxii.title", "Wuzhen node");
    SCALARS.put("taxii.description", "");
    SCALARS.put("taxii.contact", "");
    SCALARS.put("taxii.default_page_size", "1000");
    SCALARS.put("taxii.max_page_size", "10000");
    SCALARS.put("log.level", "warn");
    SCALARS.put("log.format", "text");
    LoginLimits d = LoginLimits.DEFAULTS;
    SCALARS.put("login.concurrent_verifications", Integer.toString(d.concurrent()));
    SCALARS.put("login.max_wait_ms", Long.toString(d.maxWait().toMillis()));
    SCALARS.put("login.address_failures", Integer.toString(d.addressFailures()));
    SCALARS.put("login.address_refill_per_minute", Integer.toString(d.addressRefillPerMinute()));
    SCALARS.put("login.account_failures", Integer.toString(d.accountFailures()));
    SCALARS.put("login.account_refill_per_minute", Integer.toString(d.accountRefillPerMinute()));
    SCALARS.put("metrics.port", "");
  }

  private ConfigLoader() {}

  /**
   * The federation sections ({@code export_policy}, {@code peers}) of the YAML file; the defaults
   * without one.
   *
   * @throws ConfigException naming the first bad setting
   */
  public static FederationSettings federation(Optional<Path> file) {
    JsonObject root = file.isPresent() ? readYaml(file.get()) : JsonObject.EMPTY;
    try {
      return FederationSettings.from(root);
    } catch (SettingException e) {
      throw new ConfigException(e.setting(), e.problem());
    }
  }

  /** The setting listing the collections validated strictly (MISP's STIX names refused). */
  static final String STRICT_COLLECTIONS = "taxii.strict_collections";

  /**
   * The collections whose writes are validated strictly ({@code taxii.strict_collections}, a list
   * of collection ids): objects a node otherwise accepts with a compatibility warning are refused.
   *
   * @throws ConfigException naming the entry that is not a collection id
   */
  public static Set<CollectionId> strictCollections(Optional<Path> file) {
    JsonObject root = file.isPresent() ? readYaml(file.get()) : JsonObject.EMPTY;
    Optional<JsonValue> value =
        root.get("taxii")
            .flatMap(
                t -> t instanceof JsonObject o ? o.get("strict_collections") : Optional.empty());
    if (value.isEmpty() || value.get() instanceof JsonNull) {
      return Set.of();
    }
    if (!(value.get() instanceof JsonArray list)) {
      throw new ConfigException(
          STRICT_COLLECTIONS, "expected a list of collection ids, found " + value.get().kind());
    }
    Set<CollectionId> ids = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = STRICT_COLLECTIONS + "[" + i + "]";
      if (!(list.get(i) instanceof JsonString s)) {
        throw new ConfigException(at, "expected a collection id, found " + list.get(i).kind());
      }
      try {
        ids.add(CollectionId.parse(s.value()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(at, "not a collection id (a UUID): '" + s.value() + "'");
      }
    }
    return Set.copyOf(ids);
  }

  /**
   * The console's section ({@code web}) of the YAML file; the defaults (enabled) without one.
   *
   * @throws ConfigException naming the bad setting
   */
  public static ConsoleSettings console(Optional<Path> file) {
    JsonObject root = file.isPresent() ? readYaml(file.get()) : JsonObject.EMPTY;
    try {
      return ConsoleSettings.from(root);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * The {@code stream} section (docs/scale-out.md): detection on Kafka Streams.
   *
   * @throws ConfigException naming the first bad setting
   */
  public static StreamSettings stream(Path file) {
    JsonObject root = readYaml(file);
    try {
      return StreamSettings.from(root, file.toAbsolutePath().getParent());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * The MISP feeds the node pulls ({@code misp_feeds}, docs/misp.md); none without a file.
   *
   * @throws ConfigException naming the first bad setting
   */
  public static List<MispFeed> mispFeeds(Optional<Path> file) {
    JsonObject root = file.isPresent() ? readYaml(file.get()) : JsonObject.EMPTY;
    try {
      return MispFeed.fromConfig(root);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * Loads the configuration.
   *
   * @param file the YAML file, if any
   * @param environment the process environment (only {@code WUZHEN_*} variables are read)
   * @param overrides command-line values by setting name, e.g. {@code server.port}
   */
  public static NodeConfig load(
      Optional<Path> file, Map<String, String> environment, Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>(SCALARS);
    List<JsonValue> apiRoots = List.of();
    Optional<CommunitySettings> community = Optional.empty();
    Optional<JsonValue> tls = Optional.empty();
    if (file.isPresent()) {
      JsonObject root = readYaml(file.get());
      tls = root.get("tls");
      try {
        community = CommunitySettings.from(root);
      } catch (GovernanceException e) {
        throw new ConfigException(e.getMessage());
      }
      console(file); // checked at load, so a bad web section stops the node before it starts
      apiRoots =
          flatten(
              root.without("community").without("tls").without(ConsoleSettings.SECTION),
              "",
              values);
    }
    for (String setting : SCALARS.keySet()) {
      String variable = "WUZHEN_" + setting.replace('.', '_').toUpperCase(Locale.ROOT);
      String value = environment.get(variable);
      if (value != null) {
        values.put(setting, value);
      }
    }
    for (Map.Entry<String, String> o : overrides.entrySet()) {
      if (!SCALARS.containsKey(o.getKey())) {
        throw new ConfigException(o.getKey(), "unknown setting");
      }
      values.put(o.getKey(), o.getValue());
    }
    return build(values, apiRoots)
        .withCommunity(community)
        .withTls(TlsConfig.parse(tls, environment));
  }

  static JsonObject readYaml(Path file) {
    String name = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("file", "no such file: " + name);
    } catch (IOException e) {
      throw new ConfigException("file", "cannot read " + name + ": " + e.getMessage());
    }
    if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return JsonObject.EMPTY;
    }
    if (bytes.length > 1 << 20) {
      throw new ConfigException("file", name + " is larger than 1 MiB");
    }
    JsonValue value;
    try (JsonParser parser = new YAMLFactory().createParser(bytes)) {
      value = Json.read(parser, new JsonLimits(16, 64 * 1024, 100));
    } catch (JsonSyntaxException e) {
      throw new ConfigException("file", name + ": " + e.getMessage());
    } catch (IOException e) {
      throw new ConfigException("file", name + ": not valid YAML: " + e.getMessage());
    }
    if (value instanceof JsonObject o) {
      return o;
    }
    if (value instanceof JsonNull) {
      return JsonObject.EMPTY;
    }
    throw new ConfigException(
        "file", name + ": expected a mapping of settings, found " + value.kind());
  }

  /** Copies scalar settings into {@code values}; returns the api_roots list, if any. */
  private static List<JsonValue> flatten(
      JsonObject object, String prefix, Map<String, String> values) {
    List<JsonValue> apiRoots = List.of();
    for (int i = 0; i < object.size(); i++) {
      String key = prefix + object.nameAt(i);
      JsonValue value = object.valueAt(i);
      if (FederationSettings.SECTIONS.contains(key)) {
        continue; // read by FederationSettings
      } else if (key.equals(STRICT_COLLECTIONS)) {
        continue; // read by strictCollections
      } else if (key.equals(MispFeed.SECTION)) {
        continue; // read by mispFeeds
      } else if (key.equals(StreamSettings.SECTION)) {
        continue; // read by stream
      } else if (key.equals("taxii.api_roots")) {
        if (!(value instanceof JsonArray list)) {
          throw new ConfigException(key, "expected a list of API roots, found " + value.kind());
        }
        apiRoots = list.elements();
      } else if (value instanceof JsonObject nested && prefix.isEmpty()) {
        List<JsonValue> found = flatten(nested, key + ".", values);
        if (!found.isEmpty()) {
          apiRoots = found;
        }
      } else if (SCALARS.containsKey(key)) {
        values.put(key, scalar(key, value));
      } else {
        throw new ConfigException(
            key,
            "unknown setting (known: "
                + String.join(", ", SCALARS.keySet())
                + ", taxii.api_roots)");
      }
    }
    return apiRoots;
  }

  private static String scalar(String key, JsonValue value) {
    return switch (value) {
      case JsonString s -> s.value();
      case org.wuzhen.stix.JsonNumber n -> n.text();
      case org.wuzhen.stix.JsonBoolean b -> Boolean.toString(b.value());
      case JsonNull n -> "";
      default -> throw new ConfigException(key, "expected a single value, found " + value.kind());
    };
  }

  private static NodeConfig build(Map<String, String> v, List<JsonValue> apiRootValues) {
    Path data = Path.of(nonEmpty(v, "node.data"));
    String host = nonEmpty(v, "server.host");
    int port = integer(v, "server.port", 0, 65535);
    Optional<URI> publicUrl = optional(v, "server.public_url").map(ConfigLoader::publicUrl);
    NodeConfig.StoreSettings store =
        switch (v.get("store.kind")) {
          case "sqlite" -> new NodeConfig.StoreSettings.Sqlite();
          case "postgresql" -> {
            String url = nonEmpty(v, "store.url");
            if (!url.startsWith("jdbc:postgresql://")) {
              throw new ConfigException(
                  "store.url",
                  "expected jdbc:postgresql://HOST:PORT/DATABASE, found '" + url + "'");
            }
            yield new NodeConfig.StoreSettings.Postgres(
                url,
                nonEmpty(v, "store.user"),
                v.get("store.password"),
                integer(v, "store.pool_size", 1, 512));
          }
          default ->
              throw new ConfigException(
                  "store.kind",
                  "expected sqlite or postgresql, found '" + v.get("store.kind") + "'");
        };
    int defaultPage = integer(v, "taxii.default_page_size", 1, 1_000_000);
    int maxPage = integer(v, "taxii.max_page_size", 1, 1_000_000);
    if (defaultPage > maxPage) {
      throw new ConfigException(
          "taxii.default_page_size",
          defaultPage + " is larger than taxii.max_page_size " + maxPage);
    }
    String level = v.get("log.level").toLowerCase(Locale.ROOT);
    if (!LOG_LEVELS.contains(level)) {
      throw new ConfigException(
          "log.level", "expected one of " + LOG_LEVELS + ", found '" + level + "'");
    }
    NodeConfig.LogFormat format =
        switch (v.get("log.format").strip().toLowerCase(Locale.ROOT)) {
          case "text" -> NodeConfig.LogFormat.TEXT;
          case "json" -> NodeConfig.LogFormat.JSON;
          default ->
              throw new ConfigException(
                  "log.format", "expected text or json, found '" + v.get("log.format") + "'");
        };
    return new NodeConfig(
        data,
        host,
        port,
        store,
        nonEmpty(v, "taxii.title"),
        optional(v, "taxii.description"),
        optional(v, "taxii.contact"),
        apiRoots(apiRootValues),
        defaultPage,
        maxPage,
        level,
        Optional.empty(),
        publicUrl,
        TlsSettings.loopbackOnly(),
        new NodeConfig.Operations(
            format,
            optional(v, "metrics.port").isPresent()
                ? java.util.OptionalInt.of(integer(v, "metrics.port", 0, 65535))
                : java.util.OptionalInt.empty()),
        login(v));
  }

  /** The {@code login} section: each value in its range, named when it is not. */
  private static LoginLimits login(Map<String, String> v) {
    return new LoginLimits(
        integer(v, "login.concurrent_verifications", 1, 256),
        java.time.Duration.ofMillis(integer(v, "login.max_wait_ms", 0, 30_000)),
        integer(v, "login.address_failures", 1, 1_000_000),
        integer(v, "login.address_refill_per_minute", 1, 1_000_000),
        integer(v, "login.account_failures", 1, 1_000_000),
        integer(v, "login.account_refill_per_minute", 1, 1_000_000));
  }

  /** An absolute http(s) URL, as {@link TaxiiConfig#publicUrl} checks it. */
  private static URI publicUrl(String text) {
    try {
      return TaxiiConfig.publicUrl(new URI(text));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new ConfigException(
          "server.public_url",
          "expected an absolute http(s) URL such as https://taxii.example.org/, found '"
              + text
              + "'");
    }
  }

  private static List<NodeConfig.ApiRoot> apiRoots(List<JsonValue> values) {
    if (values.isEmpty()) {
      return List.of(new NodeConfig.ApiRoot("community", "Community", Optional.empty(), 10L << 20));
    }
    List<NodeConfig.ApiRoot> roots = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      String at = "taxii.api_roots[" + i + "]";
      if (!(values.get(i) instanceof JsonObject o)) {
        throw new ConfigException(at, "expected a mapping with name and title");
      }
      for (String key : o.names()) {
        if (!List.of("name", "title", "description", "max_content_length").contains(key)) {
          throw new ConfigException(
              at + "." + key,
              "unknown setting (known: name, title, description, max_content_length)");
        }
      }
      String name =
          o.string("name").orElseThrow(() -> new ConfigException(at + ".name", "missing"));
      if (!ROOT_NAME.matcher(name).matches()) {
        throw new ConfigException(
            at + ".name",
            "'" + name + "' is not a valid path segment (a-z, 0-9, _ and -, at most 63)");
      }
      if (roots.stream().anyMatch(r -> r.name().equals(name)) || name.equals("taxii2")) {
        throw new ConfigException(at + ".name", "'" + name + "' is used twice or reserved");
      }
      long max = 10L << 20;
      if (o.get("max_content_length").isPresent()) {
        String text = scalar(at + ".max_content_length", o.get("max_content_length").get());
        max = longValue(at + ".max_content_length", text, 1024, 1L << 31);
      }
      roots.add(
          new NodeConfig.ApiRoot(
              name, o.string("title").orElse(name), o.string("description"), max));
    }
    return roots;
  }

  private static String nonEmpty(Map<String, String> v, String key) {
    String value = v.get(key);
    if (value == null || value.isBlank()) {
      throw new ConfigException(key, "must not be empty");
    }
    return value.strip();
  }

  private static Optional<String> optional(Map<String, String> v, String key) {
    String value = v.get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  private static int integer(Map<String, String> v, String key, int min, int max) {
    return (int) longValue(key, v.get(key), min, max);
  }

  private static long longValue(String key, String text, long min, long max) {
    long value;
    try {
      value = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "expected an integer, found '" + text + "'");
    }
    if (value < min || value > max) {
      throw new ConfigException(key, value + " is outside " + min + ".." + max);
    }
    return value;
  }
}
