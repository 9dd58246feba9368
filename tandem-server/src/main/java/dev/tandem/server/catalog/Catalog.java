package dev.tandem.server.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorFactory;
import dev.tandem.engine.CallMeter;
import dev.tandem.engine.SyncConnection;
import dev.tandem.engine.config.ConfigError;
import dev.tandem.engine.config.ConfigLoader;
import dev.tandem.engine.config.TandemConfig;
import dev.tandem.engine.service.ConnectionSource;
import dev.tandem.engine.store.StateStore;
import dev.tandem.server.Json;
import dev.tandem.server.ServiceException;
import dev.tandem.server.auth.Users;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts and connections of every workspace, kept in the store's {@code accounts} and {@code
 * connections} tables. Credentials (the settings named by {@link ConnectorFactory#secretKeys()})
 * are encrypted with {@link Secrets} and never leave this class except to create a connector.
 *
 * <p>It is also the sync service's {@link ConnectionSource}. Every change calls the listeners given
 * to {@link #onChange} with the ids of the connections it affects (the server wires {@code
 * SyncControl::reload} there), so callers need not.
 *
 * <p>All methods taking a workspace only see that workspace: another workspace's account or
 * connection is "not found", exactly as one that does not exist.
 */
public final class Catalog implements ConnectionSource {
  /** How a set credential is shown. */
  public static final String MASK = "********";

  private static final Logger log = LoggerFactory.getLogger(Catalog.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String CONNECTION_TYPE = "sync";

  private final Jdbi jdbi;
  private final Secrets secrets;
  private final Map<String, ConnectorFactory> factories;
  private final Path baseDir;
  private final Clock clock;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param factories the installed connector factories by app type ({@link #installedApps()})
   * @param baseDir where relative paths in account settings resolve (the config file's folder)
   */
  public Catalog(
      StateStore store,
      Secrets secrets,
      Map<String, ConnectorFactory> factories,
      Path baseDir,
      Clock clock) {
    this.jdbi = Jdbi.create(store.dataSource());
    this.secrets = secrets;
    this.factories = new TreeMap<>(factories);
    this.baseDir = baseDir;
    this.clock = clock;
  }

  /** The connector factories on the class path, by app type. */
  public static Map<String, ConnectorFactory> installedApps() {
    Map<String, ConnectorFactory> out = new TreeMap<>();
    for (ConnectorFactory f : ServiceLoader.load(ConnectorFactory.class)) {
      out.put(f.type(), f);
    }
    return out;
  }

  /** Calls {@code listener} with a connection's id whenever it is added, changed or deleted. */
  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  private void changed(String id) {
    for (Consumer<String> l : listeners) {
      try {
        l.accept(id);
      } catch (RuntimeException e) {
        log.warn("event=catalog.listener_failed connection={} error={}", id, e.toString());
      }
    }
  }

  /** The id of a workspace's account or connection: the name in {@code default}. */
  public static String id(String workspace, String name) {
    return Users.DEFAULT_WORKSPACE.equals(workspace) ? name : workspace + ":" + name;
  }

  /** The app types that can be used for accounts. */
  public Set<String> appTypes() {
    return factories.keySet();
  }

  /** Each app type with the names of its settings that are credentials (write-only). */
  public Map<String, Set<String>> credentialKeys() {
    Map<String, Set<String>> out = new TreeMap<>();
    factories.forEach((type, f) -> out.put(type, new TreeSet<>(f.secretKeys())));
    return out;
  }

  // ---- accounts

  public List<AccountView> accounts(String workspace) {
    return jdbi
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT name, type, settings, secret FROM accounts WHERE workspace = :w"
                            + " ORDER BY name")
                    .bind("w", workspace)
                    .map(accountRow(workspace))
                    .list())
        .stream()
        .map(this::view)
        .toList();
  }

  public AccountView account(String workspace, String name) {
    return view(row(workspace, name));
  }

  private record AccountRow(
      String workspace, String name, String type, String settings, String secret) {
    String id() {
      return Catalog.id(workspace, name);
    }
  }

  private Optional<AccountRow> findRow(String workspace, String name) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT name, type, settings, secret FROM accounts"
                        + " WHERE workspace = :w AND name = :n")
                .bind("w", workspace)
                .bind("n", name)
                .map(accountRow(workspace))
                .findOne());
  }

  /** Reads {@code SELECT name, type, settings, secret} of an account in the workspace. */
  private static RowMapper<AccountRow> accountRow(String workspace) {
    return (rs, ctx) ->
        new AccountRow(
            workspace, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
  }

  private AccountRow row(String workspace, String name) {
    return findRow(workspace, name)
        .orElseThrow(() -> ServiceException.notFound("no account named '" + name + "'"));
  }

  private AccountView view(AccountRow r) {
    Map<String, Object> settings = Json.readMap(r.settings(), "account settings");
    Set<String> credentials = new TreeSet<>();
    if (r.secret() != null) {
      // Only the names are needed; nothing is decrypted to list an account.
      credentials.addAll(secretNames(r));
    }
    for (String k : credentials) {
      settings.put(k, MASK);
    }
    return new AccountView(r.workspace(), r.name(), r.type(), settings, credentials);
  }

  /** The credential names stored with an account, kept in clear next to the ciphertext. */
  private Set<String> secretNames(AccountRow r) {
    int bar = r.secret().indexOf('|');
    if (bar <= 0) {
      return Set.of();
    }
    return new TreeSet<>(List.of(r.secret().substring(0, bar).split(",")));
  }

  private Map<String, Object> decryptSecrets(AccountRow r) {
    if (r.secret() == null) {
      return new LinkedHashMap<>();
    }
    int bar = r.secret().indexOf('|');
    String sealed = bar < 0 ? r.secret() : r.secret().substring(bar + 1);
    String what = "account '" + r.name() + "'";
    return Json.readMap(secrets.decrypt(sealed, r.id(), what), what + " credentials");
  }

  /**
   * Creates an account, or replaces one's settings. For an existing account a credential that is
   * absent or given as {@link #MASK} keeps its stored value; one given as null is removed.
   *
   * @param create true to create (409 when it exists), false to update (404 when it does not)
   * @throws ServiceException 400 with the connector's reason when the settings are wrong
   */
  public AccountView putAccount(
      String workspace, String name, String type, Map<String, Object> settings, boolean create) {
    Names.check(name, "account name");
    return saveAccount(workspace, name, type, settings, create ? Mode.CREATE : Mode.UPDATE);
  }

  private enum Mode {
    CREATE,
    UPDATE,
    UPSERT
  }

  private AccountView saveAccount(
      String workspace, String name, String type, Map<String, Object> settings, Mode mode) {
    Optional<AccountRow> existing = findRow(workspace, name);
    if (mode == Mode.CREATE && existing.isPresent()) {
      throw ServiceException.conflict("an account named '" + name + "' exists already");
    }
    if (mode == Mode.UPDATE && existing.isEmpty()) {
      throw ServiceException.notFound("no account named '" + name + "'");
    }
    if (type == null && existing.isPresent()) {
      type = existing.get().type();
    }
    if (type == null || type.isBlank()) {
      throw ServiceException.invalid(
          "type is missing (one of " + String.join(", ", factories.keySet()) + ")");
    }
    ConnectorFactory factory = factories.get(type);
    if (factory == null) {
      throw ServiceException.invalid(
          "type '" + type + "' is unknown; known types: " + String.join(", ", factories.keySet()));
    }
    Set<String> secretKeys = factory.secretKeys();
    Map<String, Object> plain = new LinkedHashMap<>();
    Map<String, Object> secret =
        existing.isPresent() ? decryptSecretsForUpdate(existing.get()) : new LinkedHashMap<>();
    for (Map.Entry<String, Object> e :
        (settings == null ? Map.<String, Object>of() : settings).entrySet()) {
      String k = e.getKey();
      Object v = e.getValue();
      if (k.equals("type")) {
        continue;
      }
      if (secretKeys.contains(k)) {
        if (v != null && !(v instanceof String || v instanceof Number)) {
          throw ServiceException.invalid("setting '" + k + "' must be a text");
        }
        if (v == null) {
          secret.remove(k);
        } else if (!MASK.equals(v.toString())) {
          secret.put(k, v.toString());
        }
      } else if (v != null) {
        plain.put(k, v);
      }
    }
    secret.keySet().retainAll(secretKeys);
    Map<String, Object> all = new LinkedHashMap<>(plain);
    all.putAll(secret);
    check(factory, new AccountConfig(name, type, stringValues(all)));

    if (existing.isPresent()
        && existing.get().type().equals(type)
        && Json.readMap(existing.get().settings(), "settings")
            .equals(Json.readMap(Json.write(plain), "settings"))
        && Json.readMap(Json.write(secret), "settings")
            .equals(decryptSecretsForUpdate(existing.get()))) {
      // Unchanged (the config file seeds the same apps on every start): nothing to reload.
      return view(existing.get());
    }
    String id = id(workspace, name);
    String sealed =
        secret.isEmpty()
            ? null
            : String.join(",", new TreeSet<>(secret.keySet()))
                + "|"
                + secrets.encrypt(Json.write(secret), id);
    String settingsJson = Json.write(plain);
    String finalType = type;
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO accounts (id, workspace, name, type, settings, secret, created_at)"
                        + " VALUES (:id, :w, :n, :t, :s, :x, :c) ON CONFLICT (id) DO UPDATE SET"
                        + " type = excluded.type, settings = excluded.settings,"
                        + " secret = excluded.secret")
                .bind("id", id)
                .bind("w", workspace)
                .bind("n", name)
                .bind("t", finalType)
                .bind("s", settingsJson)
                .bind("x", sealed)
                .bind("c", clock.millis())
                .execute());
    log.info(
        "event=account.saved workspace={} account={} type={} credentials={}",
        workspace,
        name,
        type,
        new TreeSet<>(secret.keySet()));
    if (existing.isPresent()) {
      for (ConnectionView c : connections(workspace)) {
        if (usesAccount(c, name)) {
          changed(c.id());
        }
      }
    }
    return account(workspace, name);
  }

  /** Stored credentials of an account being changed; unreadable ones (key changed) are dropped. */
  private Map<String, Object> decryptSecretsForUpdate(AccountRow r) {
    try {
      return decryptSecrets(r);
    } catch (ConfigException e) {
      // The user is entering the account again: the old credentials are lost anyway.
      log.warn("event=account.credentials_unreadable account={} reason=key-changed", r.name());
      return new LinkedHashMap<>();
    }
  }

  private void check(ConnectorFactory factory, AccountConfig config) {
    try (Connector c =
        factory.create(config, new ConnectorContext(new CallMeter(), clock, baseDir))) {
      // created only to check the settings; no API call is made
    } catch (ConfigException e) {
      throw ServiceException.invalid(e.getMessage());
    } catch (Exception e) {
      throw ServiceException.invalid(
          "account '" + config.name() + "' (" + config.type() + "): " + e.getMessage());
    }
  }

  private static Map<String, Object> stringValues(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    // As the YAML reader gives them: numbers and booleans as text, lists and maps as they are.
    m.forEach((k, v) -> out.put(k, v instanceof Number || v instanceof Boolean ? v.toString() : v));
    return out;
  }

  /**
   * Deletes an account.
   *
   * @throws ServiceException 409 when a connection uses it
   */
  public void deleteAccount(String workspace, String name) {
    row(workspace, name);
    for (ConnectionView c : connections(workspace)) {
      if (usesAccount(c, name)) {
        throw ServiceException.conflict(
            "account '" + name + "' is used by connection '" + c.name() + "'; delete that first");
      }
    }
    jdbi.useHandle(
        h ->
            h.createUpdate("DELETE FROM accounts WHERE id = :id")
                .bind("id", id(workspace, name))
                .execute());
    log.info("event=account.deleted workspace={} account={}", workspace, name);
  }

  private static boolean usesAccount(ConnectionView c, String account) {
    return account.equals(c.definition().get("a")) || account.equals(c.definition().get("b"));
  }

  private Set<String> accountNames(String workspace) {
    return new LinkedHashSet<>(
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT name FROM accounts WHERE workspace = :w ORDER BY name")
                    .bind("w", workspace)
                    .mapTo(String.class)
                    .list()));
  }

  // ---- connections

  private record ConnectionRow(String id, String workspace, String name, String definition) {}

  public List<ConnectionView> connections(String workspace) {
    List<ConnectionRow> rows =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT id, workspace, name, settings FROM connections"
                            + " WHERE workspace = :w ORDER BY name")
                    .bind("w", workspace)
                    .map(
                        (rs, ctx) ->
                            new ConnectionRow(
                                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                    .list());
    Set<String> accounts = accountNames(workspace);
    return rows.stream().map(r -> view(r, accounts)).toList();
  }

  /** A connection of the workspace; 404 when it has none of that name. */
  public ConnectionView connection(String workspace, String name) {
    ConnectionRow r =
        findConnection(id(workspace, name))
            .filter(x -> x.workspace().equals(workspace))
            .orElseThrow(() -> ServiceException.notFound("no connection named '" + name + "'"));
    return view(r, accountNames(workspace));
  }

  private Optional<ConnectionRow> findConnection(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT id, workspace, name, settings FROM connections WHERE id = :id")
                .bind("id", id)
                .map(
                    (rs, ctx) ->
                        new ConnectionRow(
                            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .findOne());
  }

  /** Whether a connection with this id exists (for the webhook endpoint). */
  public boolean exists(String id) {
    return findConnection(id).isPresent();
  }

  private ConnectionView view(ConnectionRow r, Set<String> accounts) {
    Map<String, Object> definition = Json.readMap(r.definition(), "connection definition");
    try {
      TandemConfig.Connection parsed =
          parse(r.definition(), accounts, "connection '" + r.name() + "'");
      return new ConnectionView(r.id(), r.workspace(), r.name(), definition, parsed, null);
    } catch (ConfigError e) {
      return new ConnectionView(r.id(), r.workspace(), r.name(), definition, null, e.getMessage());
    }
  }

  private TandemConfig.Connection parse(String text, Set<String> accounts, String source) {
    return new ConfigLoader(k -> null, factories.keySet()).parseConnection(source, text, accounts);
  }

  /**
   * Creates a connection from its definition (JSON or YAML text in the shape of a config file's
   * {@code connections:} entry).
   *
   * @throws ServiceException 400 naming the field and reason (with the line in {@code text}), 409
   *     when the name is taken
   */
  public ConnectionView createConnection(String workspace, String text) {
    TandemConfig.Connection parsed = parseChecked(workspace, text);
    Names.check(parsed.name(), "name");
    if (findConnection(id(workspace, parsed.name())).isPresent()) {
      throw ServiceException.conflict("a connection named '" + parsed.name() + "' exists already");
    }
    return save(workspace, parsed.name(), toMap(text), true);
  }

  /**
   * Replaces a connection's definition; its {@code name} may be left out but not changed.
   *
   * @throws ServiceException 404 when there is no such connection, 400 for a bad definition
   */
  public ConnectionView updateConnection(String workspace, String name, String text) {
    connection(workspace, name);
    Map<String, Object> definition = toMap(text);
    Object given = definition.get("name");
    if (given != null && !name.equals(given.toString())) {
      throw ServiceException.invalid(
          "name: a connection cannot be renamed ('"
              + name
              + "' to '"
              + given
              + "'); create a new one");
    }
    if (given == null) {
      Map<String, Object> withName = new LinkedHashMap<>();
      withName.put("name", name);
      withName.putAll(definition);
      definition = withName;
      text = Json.write(definition);
    }
    parseChecked(workspace, text);
    return save(workspace, name, definition, false);
  }

  /** {@link #updateConnection(String, String, String)} from a definition already in maps. */
  public ConnectionView updateConnection(
      String workspace, String name, Map<String, Object> definition) {
    return updateConnection(workspace, name, Json.write(definition));
  }

  private TandemConfig.Connection parseChecked(String workspace, String text) {
    try {
      return parse(text, accountNames(workspace), "definition");
    } catch (ConfigError e) {
      throw ServiceException.invalid(e.getMessage());
    }
  }

  private static Map<String, Object> toMap(String text) {
    try {
      Map<String, Object> m =
          YAML.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {});
      if (m == null) {
        throw ServiceException.invalid("the connection definition is empty");
      }
      return m;
    } catch (JsonProcessingException e) {
      throw ServiceException.invalid(
          "the connection definition is not valid JSON or YAML: "
              + e.getOriginalMessage().split("\n")[0]);
    }
  }

  private ConnectionView save(
      String workspace, String name, Map<String, Object> definition, boolean created) {
    String id = id(workspace, name);
    String json = Json.write(definition);
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO connections (id, workspace, name, type, settings, created_at)"
                        + " VALUES (:id, :w, :n, :t, :s, :c) ON CONFLICT (id) DO UPDATE SET"
                        + " settings = excluded.settings")
                .bind("id", id)
                .bind("w", workspace)
                .bind("n", name)
                .bind("t", CONNECTION_TYPE)
                .bind("s", json)
                .bind("c", clock.millis())
                .execute());
    log.info(
        "event=connection.{} workspace={} connection={}",
        created ? "created" : "updated",
        workspace,
        name);
    changed(id);
    return connection(workspace, name);
  }

  public void deleteConnection(String workspace, String name) {
    ConnectionView c = connection(workspace, name);
    jdbi.useHandle(
        h -> h.createUpdate("DELETE FROM connections WHERE id = :id").bind("id", c.id()).execute());
    log.info("event=connection.deleted workspace={} connection={}", workspace, name);
    changed(c.id());
  }

  // ---- the config file

  /**
   * Puts the config file's apps and connections into workspace {@code default}, creating or
   * replacing them: the file wins for what it names; what it does not name is left alone.
   *
   * @throws ConfigException when an app's settings are wrong
   */
  public void seed(TandemConfig config) {
    for (AccountConfig app : config.apps().values()) {
      try {
        saveAccount(Users.DEFAULT_WORKSPACE, app.name(), app.type(), app.settings(), Mode.UPSERT);
      } catch (ServiceException e) {
        throw new ConfigException(config.file() + ": " + e.getMessage());
      }
    }
    for (TandemConfig.Connection c : config.connections()) {
      Map<String, Object> definition = Definitions.toMap(c);
      String id = id(Users.DEFAULT_WORKSPACE, c.name());
      Optional<ConnectionRow> old = findConnection(id);
      if (old.isPresent()
          && Json.readMap(old.get().definition(), "definition").equals(definition)) {
        continue;
      }
      save(Users.DEFAULT_WORKSPACE, c.name(), definition, old.isEmpty());
    }
  }

  // ---- ConnectionSource

  @Override
  public List<Entry> connections() {
    List<ConnectionRow> rows =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT id, workspace, name, settings FROM connections ORDER BY id")
                    .map(
                        (rs, ctx) ->
                            new ConnectionRow(
                                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                    .list());
    List<Entry> out = new ArrayList<>();
    Map<String, Set<String>> accounts = new java.util.HashMap<>();
    for (ConnectionRow r : rows) {
      Duration every = Duration.ofMinutes(5);
      try {
        every =
            parse(
                    r.definition(),
                    accounts.computeIfAbsent(r.workspace(), this::accountNames),
                    "connection '" + r.name() + "'")
                .every();
      } catch (ConfigError e) {
        // still listed: opening it reports the problem, and the service shows it failing
      }
      out.add(new Entry(r.id(), every));
    }
    return out;
  }

  @Override
  public SyncConnection open(String id) {
    ConnectionRow r =
        findConnection(id)
            .orElseThrow(() -> new ConfigException("no connection with id '" + id + "'"));
    TandemConfig.Connection c;
    try {
      c = parse(r.definition(), accountNames(r.workspace()), "connection '" + r.name() + "'");
    } catch (ConfigError e) {
      throw new ConfigException(e.getMessage());
    }
    CallMeter meterA = new CallMeter();
    CallMeter meterB = new CallMeter();
    Connector a = connector(r.workspace(), c.a(), meterA);
    try {
      Connector b = connector(r.workspace(), c.b(), meterB);
      return new SyncConnection(id, a, meterA, b, meterB, c.objects());
    } catch (RuntimeException e) {
      a.close();
      throw e;
    }
  }

  private Connector connector(String workspace, String account, CallMeter meter) {
    AccountRow row =
        findRow(workspace, account)
            .orElseThrow(() -> new ConfigException("account '" + account + "' does not exist"));
    ConnectorFactory f = factories.get(row.type());
    if (f == null) {
      throw new ConfigException(
          "account '"
              + account
              + "' has type '"
              + row.type()
              + "', which this build has no connector for");
    }
    Map<String, Object> settings =
        new LinkedHashMap<>(Json.readMap(row.settings(), "account settings"));
    settings.putAll(decryptSecrets(row));
    return f.create(
        new AccountConfig(account, row.type(), stringValues(settings)),
        new ConnectorContext(meter, clock, baseDir));
  }

  /** The app types of a connection's two sides (for metrics labels); empty when it is unknown. */
  public Map<Side, String> appTypes(String id) {
    Optional<ConnectionRow> r = findConnection(id);
    if (r.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> d = Json.readMap(r.get().definition(), "definition");
    Map<Side, String> out = new java.util.EnumMap<>(Side.class);
    for (Side s : Side.values()) {
      Object account = d.get(s.label());
      if (account != null) {
        findRow(r.get().workspace(), account.toString()).ifPresent(a -> out.put(s, a.type()));
      }
    }
    return out;
  }
}
