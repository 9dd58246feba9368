package dev.tandem.engine.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Tells whether a database already has every migration Tandem ships, with one query on Flyway's
 * history table, so that opening an up-to-date store skips Flyway: configuring Flyway loads several
 * hundred classes and was the largest part of a short run's start-up.
 *
 * <p>Conservative: anything it does not recognise (no history table, a failed or unknown entry, a
 * repeatable migration, migrations it cannot list) answers "not current", and Flyway then runs as
 * before, with its own checks and messages.
 */
final class AppliedMigrations {
  static final String LOCATION = "db/migration";

  /** The build's list of the files in {@link #LOCATION}, one path (relative to it) a line. */
  static final String INDEX = "META-INF/tandem/migrations.index";

  /** {@code V<version>__<description>.sql}; Flyway reads underscores in the version as dots. */
  private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__.+\\.sql");

  private AppliedMigrations() {}

  /** Whether every shipped migration is applied, successfully, and nothing else is recorded. */
  static boolean current(DataSource ds) {
    Set<String> shipped = shipped(AppliedMigrations.class.getClassLoader());
    if (shipped == null || shipped.isEmpty()) {
      return false;
    }
    Set<String> applied = new HashSet<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, success FROM flyway_schema_history")) {
      while (rs.next()) {
        String version = rs.getString(1);
        if (!rs.getBoolean(2) || version == null) {
          return false;
        }
        applied.add(version);
      }
    } catch (SQLException e) {
      // No history table yet (a new database) or one Flyway should look at itself.
      return false;
    }
    return applied.equals(shipped);
  }

  /**
   * The versions of the migrations on the class path, or null when they cannot be listed completely
   * (an unknown kind of class path entry, or a migration that is not a plain versioned SQL file).
   */
  static Set<String> shipped(ClassLoader loader) {
    List<String> names = files(loader);
    if (names == null) {
      return null;
    }
    Set<String> versions = new HashSet<>();
    for (String name : names) {
      versions.add(version(name));
    }
    return versions;
  }

  /**
   * The file names of the migrations on the class path (relative to {@link #LOCATION}), or null
   * when they cannot be listed completely (an unknown kind of class path entry, or a migration that
   * is not a plain versioned SQL file directly in the folder).
   */
  static List<String> files(ClassLoader loader) {
    try {
      List<String> names = indexed(loader);
      if (names == null) {
        names = scanned(loader);
      }
      if (names == null) {
        return null;
      }
      for (String name : names) {
        if (name.contains("/")) {
          // Flyway also reads sub-folders; leave such a layout to it.
          return null;
        }
        if (!VERSIONED.matcher(name).matches()) {
          return null;
        }
      }
      return names;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The version Flyway records for a file {@link #files} listed: its underscores read as dots. */
  static String version(String file) {
    Matcher m = VERSIONED.matcher(file);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a versioned migration: " + file);
    }
    return m.group(1).replace('_', '.');
  }

  /**
   * The migrations as the build listed them ({@link #INDEX}, made from the migration folder by the
   * engine's build), or null without exactly one such list: reading it costs far less than going
   * through the thousands of entries of the application's jar.
   */
  private static List<String> indexed(ClassLoader loader) throws IOException {
    List<URL> found = Collections.list(loader.getResources(INDEX));
    if (found.size() != 1) {
      return null;
    }
    List<String> names = new ArrayList<>();
    try (InputStream in = found.get(0).openStream()) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          names.add(line.strip());
        }
      }
    }
    return names;
  }

  /** The migrations found by listing every folder or jar that holds the migration folder. */
  private static List<String> scanned(ClassLoader loader) throws IOException {
    List<String> names = new ArrayList<>();
    Enumeration<URL> roots = loader.getResources(LOCATION + "/");
    while (roots.hasMoreElements()) {
      Set<String> in = names(roots.nextElement());
      if (in == null) {
        return null;
      }
      names.addAll(in);
    }
    return names;
  }

  /** The file names directly in one migration folder, or null for a kind of URL not handled. */
  private static Set<String> names(URL root) throws IOException {
    Set<String> out = new HashSet<>();
    if ("file".equals(root.getProtocol())) {
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of(root.toURI()))) {
        for (Path p : dir) {
          if (Files.isDirectory(p)) {
            // Flyway also reads sub-folders; leave such a layout to it.
            return null;
          }
          out.add(p.getFileName().toString());
        }
      } catch (URISyntaxException e) {
        return null;
      }
      return out;
    }
    URLConnection connection = root.openConnection();
    if (!(connection instanceof JarURLConnection jar)) {
      return null;
    }
    String prefix = LOCATION + "/";
    JarFile file = jar.getJarFile();
    Enumeration<JarEntry> entries = file.entries();
    while (entries.hasMoreElements()) {
      JarEntry e = entries.nextElement();
      String name = e.getName();
      if (!e.isDirectory() && name.startsWith(prefix)) {
        String rest = name.substring(prefix.length());
        if (rest.contains("/")) {
          // Flyway also reads sub-folders; leave such a layout to it.
          return null;
        }
        out.add(rest);
      }
    }
    return out;
  }
}
