package dev.tandem.engine.config;

import dev.tandem.core.mapping.FieldMappingSpec;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import dev.tandem.core.rules.Condition;
import dev.tandem.core.rules.ConditionParser;
import dev.tandem.core.rules.Rule;
import dev.tandem.core.rules.RuleSyntaxException;
import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.sync.ConflictPolicy;
import dev.tandem.core.sync.DeleteGuard;
import dev.tandem.core.sync.DeletePolicy;
import dev.tandem.core.sync.ObjectSyncSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the YAML config: checks every key and value, substitutes {@code ${ENV}} and {@code
 * ${ENV:-default}}, and reports the first mistake with its file and line.
 */
public final class ConfigLoader {
  private static final Pattern ENV =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private final Function<String, String> env;
  private final Set<String> appTypes;
  private Path file;

  /** Whether values are taken as written, without {@code ${ENV}} substitution. */
  private boolean literal;

  /**
   * @param env environment lookup (System::getenv in production)
   * @param appTypes the app types that have a connector
   */
  public ConfigLoader(Function<String, String> env, Set<String> appTypes) {
    this.env = env;
    this.appTypes = appTypes;
  }

  public TandemConfig load(Path path) {
    this.file = path;
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigError(path, 0, "config file does not exist");
    } catch (IOException e) {
      throw new ConfigError(path, 0, "cannot read config file: " + e.getMessage());
    }
    Node root = new YamlReader(path).read(text);
    if (root.isNull()) {
      throw new ConfigError(path, 1, "the config file is empty; it needs 'apps' and 'connections'");
    }
    expectMap(root, "the config file");
    allowOnly(root, "the config file", "store", "server", "apps", "connections");
    TandemConfig.Store store = store(root.map.get("store"));
    Map<String, AccountConfig> apps = apps(required(root, "apps", "the config file"));
    List<TandemConfig.Connection> connections =
        connections(required(root, "connections", "the config file"), apps);
    TandemConfig.Server server = server(root.map.get("server"));
    return new TandemConfig(path, store, apps, connections, server);
  }

  private TandemConfig.Store store(Node n) {
    if (n == null || n.isNull()) {
      return new TandemConfig.Store("sqlite", resolve("./data/tandem.db"), null, null, null);
    }
    expectMap(n, "store");
    allowOnly(n, "store", "type", "path", "url", "user", "password");
    String type = optional(n, "type", "sqlite").toLowerCase(Locale.ROOT);
    return switch (type) {
      case "sqlite" ->
          new TandemConfig.Store(
              "sqlite", resolve(optional(n, "path", "./data/tandem.db")), null, null, null);
      case "postgres", "postgresql" -> {
        String url = string(required(n, "url", "store"), "store.url");
        if (!url.startsWith("jdbc:postgresql:")) {
          throw new ConfigError(
              file,
              n.map.get("url").line,
              "store.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db), not '"
                  + url
                  + "'");
        }
        yield new TandemConfig.Store(
            "postgres", null, url, optional(n, "user", null), optional(n, "password", null));
      }
      default ->
          throw new ConfigError(
              file,
              n.keyLines.getOrDefault("type", n.line),
              "unknown store type '" + type + "'; use sqlite or postgres");
    };
  }

  private TandemConfig.Server server(Node n) {
    if (n == null || n.isNull()) {
      return TandemConfig.Server.DEFAULT;
    }
    expectMap(n, "server");
    allowOnly(n, "server", "host", "port", "keystore", "keystore-password");
    String host = optional(n, "host", TandemConfig.Server.DEFAULT.host());
    int port = TandemConfig.Server.DEFAULT.port();
    if (n.map.containsKey("port")) {
      String p = string(n.map.get("port"), "server.port");
      try {
        port = Integer.parseInt(p.trim());
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 0 || port > 65_535) {
        throw new ConfigError(
            file,
            n.map.get("port").line,
            "server.port must be a port number (0-65535), not '" + p + "'");
      }
    }
    String keystore = optional(n, "keystore", null);
    String password = optional(n, "keystore-password", null);
    if (keystore == null && password != null) {
      throw new ConfigError(
          file,
          n.map.get("keystore-password").line,
          "server.keystore-password is set but server.keystore is not");
    }
    Path ks = null;
    if (keystore != null) {
      ks = resolve(keystore);
      if (!Files.isRegularFile(ks)) {
        throw new ConfigError(
            file,
            n.map.get("keystore").line,
            "server.keystore: no such file " + ks + " (a PKCS#12 keystore with the certificate)");
      }
      if (password == null) {
        throw new ConfigError(
            file, n.map.get("keystore").line, "server.keystore needs server.keystore-password");
      }
    }
    return new TandemConfig.Server(host, port, ks, password);
  }

  private Path resolve(String path) {
    Path p = Path.of(path);
    if (p.isAbsolute()) {
      return p;
    }
    Path parent = file.toAbsolutePath().getParent();
    return (parent == null ? p : parent.resolve(p)).normalize();
  }

  private Map<String, AccountConfig> apps(Node n) {
    expectMap(n, "apps");
    if (n.map.isEmpty()) {
      throw new ConfigError(file, n.line, "'apps' is empty; name at least two apps");
    }
    Map<String, AccountConfig> out = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : n.map.entrySet()) {
      String name = e.getKey();
      Node app = e.getValue();
      expectMap(app, "app '" + name + "'");
      Node typeNode = app.map.get("type");
      if (typeNode == null || typeNode.scalar == null) {
        throw new ConfigError(
            file,
            app.line,
            "app '"
                + name
                + "' needs a 'type' (one of "
                + String.join(", ", new TreeSet<>(appTypes))
                + ")");
      }
      String type = typeNode.scalar.trim().toLowerCase(Locale.ROOT);
      if (!appTypes.contains(type)) {
        throw new ConfigError(
            file,
            typeNode.line,
            "app '"
                + name
                + "' has unknown type '"
                + typeNode.scalar
                + "'; known types: "
                + String.join(", ", new TreeSet<>(appTypes)));
      }
      Map<String, Object> settings = new LinkedHashMap<>();
      app.map.forEach(
          (k, v) -> {
            if (!k.equals("type")) {
              settings.put(k, plain(v, "apps." + name + "." + k));
            }
          });
      out.put(name, new AccountConfig(name, type, settings));
    }
    return out;
  }

  /** Settings values as plain Java objects (strings, lists, maps), with ${ENV} substituted. */
  private Object plain(Node n, String what) {
    if (n.map != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      n.map.forEach((k, v) -> m.put(k, plain(v, what + "." + k)));
      return m;
    }
    if (n.list != null) {
      List<Object> l = new ArrayList<>();
      n.list.forEach(v -> l.add(plain(v, what)));
      return l;
    }
    return n.scalar == null ? null : substitute(n.scalar, n.line);
  }

  private List<TandemConfig.Connection> connections(Node n, Map<String, AccountConfig> apps) {
    if (n.list == null) {
      throw new ConfigError(
          file,
          n.line,
          "'connections' must be a list (each entry starting with '- name: …'), not " + n.kind());
    }
    List<TandemConfig.Connection> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node c : n.list) {
      TandemConfig.Connection connection = connection(c, apps.keySet());
      if (!names.add(connection.name())) {
        throw new ConfigError(
            file, c.line, "two connections are named '" + connection.name() + "'");
      }
      out.add(connection);
    }
    return out;
  }

  /**
   * Parses one connection definition given on its own (through the server's API or dashboard), in
   * the shape of one entry of {@code connections:}: YAML or JSON (YAML is a superset of JSON). No
   * {@code ${ENV}} substitution is done: definitions from the API must not read the server's
   * environment.
   *
   * @param source what to call the text in messages (e.g. {@code "connection"}); errors read {@code
   *     source:line: reason}
   * @param text the definition
   * @param accounts the account names its {@code a} and {@code b} may name
   * @throws ConfigError naming the field and the reason
   */
  public TandemConfig.Connection parseConnection(String source, String text, Set<String> accounts) {
    this.file = Path.of(source);
    this.literal = true;
    try {
      Node root = new YamlReader(file).read(text == null ? "" : text);
      if (root.isNull()) {
        throw new ConfigError(file, 1, "the connection definition is empty");
      }
      return connection(root, accounts);
    } finally {
      this.literal = false;
    }
  }

  private TandemConfig.Connection connection(Node c, Set<String> apps) {
    expectMap(c, "a connection");
    allowOnly(c, "connection", "name", "a", "b", "every", "objects");
    String name = string(required(c, "name", "a connection"), "name");
    String where = "connection '" + name + "'";
    String a = appRef(c, "a", apps, where);
    String b = appRef(c, "b", apps, where);
    if (a.equals(b)) {
      throw new ConfigError(
          file, c.keyLines.get("b"), where + ": 'a' and 'b' are the same app '" + a + "'");
    }
    Duration every =
        c.map.containsKey("every")
            ? duration(c.map.get("every"), where + ".every")
            : Duration.ofMinutes(5);
    List<ObjectSyncSpec> objects = objects(required(c, "objects", where), where);
    return new TandemConfig.Connection(name, a, b, every, objects, c.line);
  }

  private String appRef(Node c, String key, Set<String> apps, String where) {
    Node n = required(c, key, where);
    String ref = string(n, where + "." + key);
    if (!apps.contains(ref)) {
      throw new ConfigError(
          file,
          n.line,
          where
              + ": '"
              + key
              + "' names app '"
              + ref
              + "', which is not under 'apps' (apps: "
              + String.join(", ", apps)
              + ")");
    }
    return ref;
  }

  private List<ObjectSyncSpec> objects(Node n, String where) {
    expectMap(n, where + ".objects");
    if (n.map.isEmpty()) {
      throw new ConfigError(
          file,
          n.line,
          where + ": 'objects' is empty; say what syncs, e.g. 'contact: {match: email}'");
    }
    List<ObjectSyncSpec> out = new ArrayList<>();
    for (Map.Entry<String, Node> e : n.map.entrySet()) {
      int line = n.keyLines.get(e.getKey());
      ObjectType type =
          ObjectType.parse(e.getKey())
              .orElseThrow(
                  () ->
                      new ConfigError(
                          file,
                          line,
                          "unknown object type '"
                              + e.getKey()
                              + "'; use contact, company or deal"));
      out.add(object(type, e.getValue(), where + "." + type.id()));
    }
    return out;
  }

  private ObjectSyncSpec object(ObjectType type, Node n, String where) {
    ObjectSyncSpec d = ObjectSyncSpec.defaults(type);
    if (n.isNull()) {
      return d;
    }
    expectMap(n, where);
    allowOnly(n, where, "match", "conflict", "deletes", "delete-guard", "fields", "rules");
    List<String> match = d.match();
    if (n.map.containsKey("match")) {
      Node m = n.map.get("match");
      match =
          m.list != null
              ? m.list.stream().map(x -> string(x, where + ".match")).toList()
              : Arrays.stream(string(m, where + ".match").split(","))
                  .map(String::trim)
                  .filter(s -> !s.isEmpty())
                  .toList();
      if (match.isEmpty()) {
        throw new ConfigError(file, m.line, where + ".match is empty");
      }
    }
    ConflictPolicy conflict =
        policy(
            n, "conflict", where, d.conflict(), ConflictPolicy::parse, "newest, a-wins or b-wins");
    DeletePolicy deletes =
        policy(n, "deletes", where, d.deletes(), DeletePolicy::parse, "ignore, propagate or tag");
    DeleteGuard guard = d.deleteGuard();
    if (n.map.containsKey("delete-guard")) {
      Node g = n.map.get("delete-guard");
      try {
        guard = DeleteGuard.parse(string(g, where + ".delete-guard"));
      } catch (IllegalArgumentException e) {
        throw new ConfigError(file, g.line, where + ": " + e.getMessage());
      }
    }
    List<FieldMappingSpec> fields =
        n.map.containsKey("fields") ? fields(n.map.get("fields"), where) : List.of();
    List<Rule> rules = n.map.containsKey("rules") ? rules(n.map.get("rules"), where) : List.of();
    return new ObjectSyncSpec(type, match, conflict, deletes, guard, fields, rules);
  }

  private List<FieldMappingSpec> fields(Node n, String where) {
    if (n.list == null) {
      throw new ConfigError(
          file, n.line, where + ".fields must be a list of {a: …, b: …}, not " + n.kind());
    }
    List<FieldMappingSpec> out = new ArrayList<>();
    for (Node f : n.list) {
      expectMap(f, where + ".fields entry");
      allowOnly(f, where + ".fields entry", "a", "b", "direction", "values", "transform");
      String direction =
          f.map.containsKey("direction") ? string(f.map.get("direction"), "direction") : null;
      if (direction != null && dev.tandem.core.mapping.Direction.parse(direction).isEmpty()) {
        throw new ConfigError(
            file,
            f.map.get("direction").line,
            "unknown direction '" + direction + "'; use both, a-to-b, b-to-a or off");
      }
      Map<String, String> values = new LinkedHashMap<>();
      if (f.map.containsKey("values")) {
        Node v = f.map.get("values");
        expectMap(v, "values");
        v.map.forEach((k, x) -> values.put(k, string(x, "values." + k)));
      }
      String transform = null;
      if (f.map.containsKey("transform")) {
        Node t = f.map.get("transform");
        // One name, or several run in order: [trim, title]
        transform =
            t.list != null
                ? String.join(",", t.list.stream().map(x -> string(x, "transform")).toList())
                : string(t, "transform");
      }
      out.add(
          new FieldMappingSpec(
              string(required(f, "a", "a mapping"), "a"),
              string(required(f, "b", "a mapping"), "b"),
              direction,
              values,
              transform,
              file.getFileName() + ":" + f.line));
    }
    return out;
  }

  private List<Rule> rules(Node n, String where) {
    if (n.list == null) {
      throw new ConfigError(
          file,
          n.line,
          where + ".rules must be a list of {direction: …, when: …}, not " + n.kind());
    }
    List<Rule> out = new ArrayList<>();
    for (Node r : n.list) {
      expectMap(r, where + ".rules entry");
      allowOnly(r, where + ".rules entry", "direction", "when", "set");
      Node dir = required(r, "direction", "a rule");
      String d = string(dir, "direction").trim().toLowerCase(Locale.ROOT);
      Side from =
          switch (d) {
            case "a-to-b" -> Side.A;
            case "b-to-a" -> Side.B;
            default ->
                throw new ConfigError(
                    file, dir.line, "a rule's direction must be a-to-b or b-to-a, not '" + d + "'");
          };
      Condition when = null;
      String text = "";
      if (r.map.containsKey("when")) {
        Node w = r.map.get("when");
        text = string(w, "when");
        try {
          when = ConditionParser.parse(text);
        } catch (RuleSyntaxException e) {
          throw new ConfigError(file, w.line, "bad rule '" + text + "': " + e.getMessage());
        }
      }
      Map<String, String> set = new LinkedHashMap<>();
      if (r.map.containsKey("set")) {
        Node s = r.map.get("set");
        expectMap(s, "set");
        s.map.forEach((k, v) -> set.put(k, string(v, "set." + k)));
      }
      out.add(new Rule(from, when, text, set));
    }
    return out;
  }

  private Duration duration(Node n, String what) {
    String t = string(n, what).trim().toLowerCase(Locale.ROOT);
    Matcher m = DURATION.matcher(t);
    if (!m.matches()) {
      throw new ConfigError(
          file, n.line, what + " must be a duration like 30s, 5m or 1h, not '" + t + "'");
    }
    long v = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(v);
          case "s" -> Duration.ofSeconds(v);
          case "m" -> Duration.ofMinutes(v);
          case "h" -> Duration.ofHours(v);
          default -> Duration.ofDays(v);
        };
    if (d.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new ConfigError(file, n.line, what + " must be at least 10s");
    }
    return d;
  }

  private String substitute(String value, int line) {
    if (literal) {
      return value;
    }
    Matcher m = ENV.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = env.apply(m.group(1));
      if (v == null) {
        if (m.group(2) == null) {
          throw new ConfigError(
              file,
              line,
              "environment variable "
                  + m.group(1)
                  + " is not set (write ${"
                  + m.group(1)
                  + ":-default} for a default)");
        }
        v = m.group(2);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The policy under {@code key} of an object's map, or {@code fallback} when it is not given; an
   * unknown one is an error naming the choices.
   */
  private <P> P policy(
      Node n,
      String key,
      String where,
      P fallback,
      Function<String, Optional<P>> parse,
      String choices) {
    Node c = n.map.get(key);
    if (c == null) {
      return fallback;
    }
    return parse
        .apply(string(c, where + "." + key))
        .orElseThrow(
            () ->
                new ConfigError(
                    file,
                    c.line,
                    where + ": unknown " + key + " policy '" + c.scalar + "'; use " + choices));
  }

  private String string(Node n, String what) {
    if (n.scalar == null) {
      throw new ConfigError(file, n.line, what + " must be a value, not " + n.kind());
    }
    return substitute(n.scalar, n.line);
  }

  private String optional(Node map, String key, String fallback) {
    Node n = map.map.get(key);
    return n == null || n.isNull() ? fallback : string(n, key);
  }

  private Node required(Node map, String key, String where) {
    Node n = map.map.get(key);
    if (n == null || n.isNull()) {
      throw new ConfigError(file, map.line, where + " needs '" + key + "'");
    }
    return n;
  }

  private void expectMap(Node n, String what) {
    if (n.map == null) {
      throw new ConfigError(file, n.line, what + " must be a map of keys, not " + n.kind());
    }
  }

  private void allowOnly(Node n, String where, String... keys) {
    Set<String> allowed = Set.of(keys);
    for (Map.Entry<String, Integer> e : n.keyLines.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw new ConfigError(
            file,
            e.getValue(),
            "unknown key '"
                + e.getKey()
                + "' in "
                + where
                + "; allowed: "
                + String.join(", ", keys));
      }
    }
  }
}
