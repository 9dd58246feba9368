package dev.tandem.connector.vdir;

import dev.tandem.connector.vcard.CardMapping;
import dev.tandem.connector.vcard.CardParser;
import dev.tandem.connector.vcard.MalformedCardException;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.schema.CanonicalFields;
import dev.tandem.core.spi.ApiMeter;
import dev.tandem.core.spi.Capabilities;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.Page;
import dev.tandem.core.spi.ReadProblem;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import ezvcard.VCard;
import ezvcard.VCardVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A folder of {@code .vcf} files, one contact per file, as khard and vdirsyncer keep them. Ids are
 * file names; versions are content hashes. A file whose modification time, size and inode are
 * unchanged is not read again.
 *
 * <p>With a cache folder, changes are read like a change feed ({@code TOKEN}): a cursor names a
 * listing of the folder (each file's stamp) kept in the cache folder, and {@link #changes} reports
 * the files whose stamp differs from it, new files, and the names it held that are gone. Without
 * one, or when the listing a cursor names is gone, every card is listed ({@code FULL_LISTING}, or
 * an expired cursor and a full scan). Writes go to a temporary file that is renamed over the
 * target, so a reader never sees half a card; a rename gives the file a new inode, so Tandem's own
 * writes count as changes too (the engine recognises them as its own).
 */
public final class VdirConnector implements Connector {
  static final String EXTENSION = ".vcf";
  private static final String AFTER = "vdir-after:";
  private static final String SINCE = "vdir-since:";

  /** Listings kept for cursors: a run's cursor, the one before (for a run that did not end), … */
  private static final int LISTINGS_KEPT = 4;

  private static final int BATCH_SIZE = 100;
  private static final int WRITERS = 8;

  private final Path folder;
  private final ApiMeter meter;
  private final int pageSize;
  private final Map<String, CardFile> cache = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Held by a writer while it adds, renames or removes a name in the folder. The kernel does these
   * one at a time per folder anyway (under the folder's lock), but writers waiting there spin on
   * the CPU: in an initial sync of 2,000 cards on eight threads, a tenth of the writers' CPU time.
   * Waiting here costs nothing; the writes and fsyncs themselves still overlap.
   */
  private final Object entries = new Object();

  private java.util.concurrent.ExecutorService writers;

  /**
   * The listing being paged through: the pages of one scan or one read of changes come from one
   * listing of the folder rather than one per page.
   */
  private TreeMap<String, BasicFileAttributes> paging;

  private final Path cacheFile;
  private volatile boolean cacheLoaded;
  private volatile boolean dirty;

  /** The names of the last listing, for dropping the cache entries of deleted files. */
  private volatile java.util.Set<String> listed;

  /** The listings that cursors handed out refer to, by id, oldest first (null: not loaded yet). */
  private java.util.LinkedHashMap<String, Map<String, CardFile.Stamp>> listings;

  /** The changes since a cursor being paged through. */
  private Diff diff;

  /**
   * @param cacheFile where parsed cards are kept between runs, or null to keep them only in memory
   */
  public VdirConnector(Path folder, ApiMeter meter, int pageSize, Path cacheFile) {
    this.folder = folder;
    this.cacheFile = cacheFile;
    // Writes run on several threads; the engine's meter need not be thread-safe.
    this.meter =
        endpoint -> {
          synchronized (this) {
            meter.call(endpoint);
          }
        };
    this.pageSize = pageSize;
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(
        Set.of(ObjectType.CONTACT),
        pageSize,
        BATCH_SIZE,
        tracked() ? Capabilities.ChangeMode.TOKEN : Capabilities.ChangeMode.FULL_LISTING,
        tracked(),
        false);
  }

  /** Whether changes are read against kept listings (there is a cache folder to keep them in). */
  private boolean tracked() {
    return cacheFile != null;
  }

  @Override
  public Schema schema(ObjectType type) {
    return CardMapping.schema(type);
  }

  @Override
  public Page scan(ObjectType type, String pageToken) {
    if (type != ObjectType.CONTACT) {
      return new Page(List.of(), null);
    }
    TreeMap<String, BasicFileAttributes> files =
        pageToken != null && paging != null ? paging : listing();
    Slice slice = slice(files, pageToken);
    paging = slice.last != null ? files : null;
    return new Page(slice.records, slice.last, slice.problems);
  }

  @Override
  public String currentCursor(ObjectType type) {
    return tracked() ? SINCE + keep(listing()) : fingerprint(listing());
  }

  @Override
  public Changes changes(ObjectType type, String cursor) {
    if (type != ObjectType.CONTACT) {
      return new Changes(List.of(), List.of(), cursor == null ? "" : cursor, false, !tracked());
    }
    if (tracked()) {
      return changesSince(cursor);
    }
    String after =
        cursor != null && cursor.startsWith(AFTER) ? cursor.substring(AFTER.length()) : null;
    TreeMap<String, BasicFileAttributes> files =
        after != null && paging != null ? paging : listing();
    Slice slice = slice(files, after);
    paging = slice.last != null ? files : null;
    String next = slice.last != null ? AFTER + slice.last : fingerprint(files);
    return new Changes(slice.records, List.of(), next, slice.last != null, true, slice.problems);
  }

  @Override
  public List<Record> read(ObjectType type, List<String> ids) {
    List<Record> out = new ArrayList<>();
    if (type != ObjectType.CONTACT) {
      return out;
    }
    for (String id : ids) {
      if (!validName(id)) {
        continue;
      }
      meter.call("stat file");
      BasicFileAttributes attrs = attributes(folder.resolve(id));
      if (attrs == null) {
        continue;
      }
      // A malformed card is left out here; scan and changes report it with its reason.
      CardFile card = load(id, attrs);
      if (card.record() != null) {
        out.add(card.record());
      }
    }
    return out;
  }

  @Override
  public List<Record> find(ObjectType type, String field, List<String> values) {
    List<Record> out = new ArrayList<>();
    if (type != ObjectType.CONTACT || values.isEmpty()) {
      return out;
    }
    boolean email = CanonicalFields.EMAIL.equals(field);
    Set<String> wanted = new java.util.HashSet<>();
    for (String v : values) {
      wanted.add(email ? v.toLowerCase(Locale.ROOT) : v);
    }
    for (Map.Entry<String, BasicFileAttributes> e : listing().entrySet()) {
      Record r = load(e.getKey(), e.getValue()).record();
      String value = r == null ? null : r.get(field);
      if (value != null && wanted.contains(email ? value.toLowerCase(Locale.ROOT) : value)) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * Applies the operations, several files at a time: each write ends with an fsync, and concurrent
   * fsyncs share the file system's journal commits, so a batch costs a few commits rather than one
   * per card.
   */
  @Override
  public List<WriteResult> write(ObjectType type, List<WriteOp> ops) {
    Set<String> ids = new java.util.HashSet<>();
    boolean distinct = ops.stream().allMatch(o -> o.id() == null || ids.add(o.id()));
    if (!distinct || ops.size() < 2) {
      List<WriteResult> results = new ArrayList<>();
      for (WriteOp op : ops) {
        results.add(writeOne(op));
      }
      return results;
    }
    List<java.util.concurrent.Future<WriteResult>> futures = new ArrayList<>();
    for (WriteOp op : ops) {
      futures.add(writers().submit(() -> writeOne(op)));
    }
    List<WriteResult> results = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      try {
        results.add(futures.get(i).get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectorException("interrupted while writing cards", true, e);
      } catch (java.util.concurrent.ExecutionException e) {
        results.add(
            WriteResult.failed(
                ops.get(i).id(),
                new WriteError(WriteError.Kind.TRANSIENT, "cannot write card: " + e.getCause())));
      }
    }
    return results;
  }

  private java.util.concurrent.ExecutorService writers() {
    if (writers == null) {
      writers =
          java.util.concurrent.Executors.newFixedThreadPool(
              WRITERS,
              r -> {
                Thread t = new Thread(r, "vdir-writer");
                t.setDaemon(true);
                return t;
              });
    }
    return writers;
  }

  @Override
  public void close() {
    saveCache();
    if (writers != null) {
      writers.shutdown();
      writers = null;
    }
  }

  /** What changed since the listing {@code id}: the files to report, and the names gone. */
  private record Diff(
      String id,
      TreeMap<String, BasicFileAttributes> now,
      TreeMap<String, BasicFileAttributes> changed,
      List<String> deleted) {}

  /**
   * The files whose stamp differs from the listing the cursor names (or that it did not hold), then
   * on the last page the names it held that are gone; the next cursor names the listing this read
   * was made from, so a change made after it is read next time.
   */
  private Changes changesSince(String cursor) {
    String rest =
        cursor != null && cursor.startsWith(SINCE) ? cursor.substring(SINCE.length()) : null;
    if (rest == null) {
      throw new dev.tandem.core.spi.CursorExpiredException(
          "vdir folder " + folder + ": '" + cursor + "' is not a cursor of this version of Tandem");
    }
    int colon = rest.indexOf(':');
    String id = colon < 0 ? rest : rest.substring(0, colon);
    String after = colon < 0 ? null : rest.substring(colon + 1);
    Map<String, CardFile.Stamp> then = listings().get(id);
    if (then == null) {
      throw new dev.tandem.core.spi.CursorExpiredException(
          "vdir folder "
              + folder
              + ": the listing its change cursor refers to is not in "
              + CardCache.cursorsFile(cacheFile)
              + " (deleted, or it could not be written)");
    }
    Diff d = after != null && diff != null && diff.id().equals(id) ? diff : diff(id, then);
    diff = d;
    Slice slice = slice(d.changed(), after);
    if (slice.last != null) {
      return new Changes(
          slice.records, List.of(), SINCE + id + ":" + slice.last, true, false, slice.problems);
    }
    diff = null;
    String next = d.changed().isEmpty() && d.deleted().isEmpty() ? id : keep(d.now());
    return new Changes(slice.records, d.deleted(), SINCE + next, false, false, slice.problems);
  }

  private Diff diff(String id, Map<String, CardFile.Stamp> then) {
    TreeMap<String, BasicFileAttributes> now = listing();
    TreeMap<String, BasicFileAttributes> changed = new TreeMap<>();
    for (Map.Entry<String, BasicFileAttributes> e : now.entrySet()) {
      CardFile.Stamp was = then.get(e.getKey());
      if (was == null || !was.sameAs(CardFile.Stamp.of(e.getValue()))) {
        changed.put(e.getKey(), e.getValue());
      }
    }
    List<String> deleted = new ArrayList<>();
    for (String name : then.keySet()) {
      if (!now.containsKey(name)) {
        deleted.add(name);
      }
    }
    java.util.Collections.sort(deleted);
    return new Diff(id, now, changed, List.copyOf(deleted));
  }

  private java.util.LinkedHashMap<String, Map<String, CardFile.Stamp>> listings() {
    if (listings == null) {
      listings = CardCache.loadListings(CardCache.cursorsFile(cacheFile), folder);
    }
    return listings;
  }

  /**
   * Keeps a listing for cursors to refer to and returns its id (the newest kept one's when it is
   * the same). When it cannot be written, the id is still returned: a later run then finds no
   * listing for it and scans the whole folder, which is slow but loses nothing.
   */
  private String keep(TreeMap<String, BasicFileAttributes> files) {
    Map<String, CardFile.Stamp> stamps = new java.util.HashMap<>(files.size() * 4 / 3 + 16);
    files.forEach((name, attrs) -> stamps.put(name, CardFile.Stamp.of(attrs)));
    var kept = listings();
    String newest = null;
    for (String id : kept.keySet()) {
      newest = id;
    }
    if (newest != null && kept.get(newest).equals(stamps)) {
      return newest;
    }
    String id = UUID.randomUUID().toString().replace("-", "");
    kept.put(id, stamps);
    while (kept.size() > LISTINGS_KEPT) {
      kept.remove(kept.keySet().iterator().next());
    }
    try {
      CardCache.saveListings(CardCache.cursorsFile(cacheFile), folder, kept);
    } catch (IOException | RuntimeException e) {
      kept.remove(id);
    }
    return id;
  }

  // ------------------------------------------------------------------ writes

  private WriteResult writeOne(WriteOp op) {
    try {
      return switch (op.kind()) {
        case CREATE -> create(op);
        case UPDATE -> update(op);
        case DELETE -> delete(op);
      };
    } catch (IllegalArgumentException e) {
      return WriteResult.failed(op.id(), new WriteError(WriteError.Kind.INVALID, e.getMessage()));
    } catch (AccessDeniedException e) {
      return WriteResult.failed(
          op.id(),
          new WriteError(WriteError.Kind.INVALID, "no permission to write " + e.getFile()));
    } catch (IOException e) {
      return WriteResult.failed(
          op.id(),
          new WriteError(
              WriteError.Kind.TRANSIENT, "cannot write " + describe(op.id()) + ": " + e));
    }
  }

  private WriteResult create(WriteOp op) throws IOException {
    String uid = UUID.randomUUID().toString();
    String name = uid + EXTENSION;
    VCard card = CardMapping.newCard(op.fields(), uid, VCardVersion.V3_0);
    byte[] bytes = CardMapping.write(card).getBytes(StandardCharsets.UTF_8);
    // The new card's fields as made are those a read of the file gives (when its values are plain
    // text): no need to parse what was just written, which was a good part of an initial sync.
    Map<String, String> fields =
        CardMapping.readsBackAsMade(op.fields()) ? CardMapping.fields(card) : null;
    return WriteResult.ok(name, writeAtomically(name, bytes, fields));
  }

  private WriteResult update(WriteOp op) throws IOException {
    String name = op.id();
    byte[] bytes = readExisting(name);
    if (bytes == null) {
      return notFound(name);
    }
    String version = hash(bytes);
    if (op.ifMatch() != null && !op.ifMatch().equals(version)) {
      return mismatch(name);
    }
    VCard card;
    try {
      card = CardParser.parse(bytes);
    } catch (MalformedCardException e) {
      return WriteResult.failed(
          name,
          new WriteError(
              WriteError.Kind.INVALID,
              describe(name)
                  + " is malformed, so Tandem will not overwrite it: "
                  + e.getMessage()));
    }
    if (!CardMapping.apply(card, op.fields())) {
      return WriteResult.ok(name, version);
    }
    CardMapping.touch(card, java.time.Instant.now());
    byte[] updated = CardMapping.write(card).getBytes(StandardCharsets.UTF_8);
    return WriteResult.ok(name, writeAtomically(name, updated, null));
  }

  private WriteResult delete(WriteOp op) throws IOException {
    String name = op.id();
    if (op.ifMatch() != null) {
      byte[] bytes = readExisting(name);
      if (bytes == null) {
        return notFound(name);
      }
      if (!op.ifMatch().equals(hash(bytes))) {
        return mismatch(name);
      }
    }
    if (!validName(name)) {
      return notFound(name);
    }
    meter.call("delete file");
    boolean deleted;
    synchronized (entries) {
      deleted = Files.deleteIfExists(folder.resolve(name));
    }
    cards().remove(name);
    dirty = true;
    return deleted ? WriteResult.ok(name, null) : notFound(name);
  }

  private byte[] readExisting(String name) throws IOException {
    if (!validName(name)) {
      return null;
    }
    try {
      meter.call("read file");
      return Files.readAllBytes(folder.resolve(name));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * Writes to a hidden temporary file in the same folder, syncs it, then renames it over; returns
   * the written card's version.
   *
   * @param fields the card's fields when known to be what a read of {@code bytes} gives, else null
   *     (the bytes are parsed for them)
   */
  private String writeAtomically(String name, byte[] bytes, Map<String, String> fields)
      throws IOException {
    Path temp = folder.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
    meter.call("write file");
    CardFile.Stamp stamp;
    boolean moved = false;
    try {
      FileChannel opened;
      synchronized (entries) {
        opened = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      }
      try (FileChannel ch = opened) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(false);
      }
      // A rename keeps the inode, time and size, so this is the stamp the written file will have.
      stamp = CardFile.Stamp.of(Files.readAttributes(temp, BasicFileAttributes.class));
      synchronized (entries) {
        try {
          Files.move(
              temp,
              folder.resolve(name),
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      moved = true;
    } finally {
      if (!moved) {
        synchronized (entries) {
          Files.deleteIfExists(temp);
        }
      }
    }
    // Remember the card as written, so that the next run need not read back Tandem's own writes
    // (without this, the run after an initial sync read every file again).
    String version = hash(bytes);
    try {
      Record record =
          new Record(
              name,
              fields != null ? fields : CardMapping.fields(CardParser.parse(bytes)),
              java.time.Instant.ofEpochSecond(0, stamp.modifiedNanos()),
              version);
      cards().put(name, new CardFile(stamp, record, null));
    } catch (MalformedCardException e) {
      cards().remove(name);
    }
    dirty = true;
    return version;
  }

  private static WriteResult notFound(String name) {
    return WriteResult.failed(
        name, new WriteError(WriteError.Kind.NOT_FOUND, describe(name) + " does not exist"));
  }

  private static WriteResult mismatch(String name) {
    return WriteResult.failed(
        name,
        new WriteError(
            WriteError.Kind.VERSION_MISMATCH, describe(name) + " changed since Tandem read it"));
  }

  private static String describe(String name) {
    return name == null ? "a new card" : "card file '" + name + "'";
  }

  // ------------------------------------------------------------------ reads

  private record Slice(List<Record> records, List<ReadProblem> problems, String last) {}

  /** Up to one page of cards after {@code after} (exclusive); {@code last} is null at the end. */
  private Slice slice(TreeMap<String, BasicFileAttributes> files, String after) {
    Map<String, BasicFileAttributes> rest = after == null ? files : files.tailMap(after, false);
    List<Map.Entry<String, BasicFileAttributes>> page = new ArrayList<>();
    boolean more = false;
    for (Map.Entry<String, BasicFileAttributes> e : rest.entrySet()) {
      if (page.size() == pageSize) {
        more = true;
        break;
      }
      page.add(e);
    }
    List<CardFile> cards = loadAll(page);
    List<Record> records = new ArrayList<>();
    List<ReadProblem> problems = new ArrayList<>();
    for (int i = 0; i < page.size(); i++) {
      CardFile card = cards.get(i);
      if (card.record() != null) {
        records.add(card.record());
      } else {
        problems.add(new ReadProblem(page.get(i).getKey(), card.problem()));
      }
    }
    if (!more) {
      saveCache();
    }
    return new Slice(records, problems, more ? page.get(page.size() - 1).getKey() : null);
  }

  /** Loads the cards of a page, reading and parsing the files not cached on several threads. */
  private List<CardFile> loadAll(List<Map.Entry<String, BasicFileAttributes>> page) {
    List<java.util.concurrent.Future<CardFile>> futures = new ArrayList<>();
    Map<String, CardFile> cache = page.isEmpty() ? Map.of() : cards();
    for (Map.Entry<String, BasicFileAttributes> e : page) {
      CardFile cached = cache.get(e.getKey());
      if (cached != null && cached.stamp().sameAs(CardFile.Stamp.of(e.getValue()))) {
        futures.add(java.util.concurrent.CompletableFuture.completedFuture(cached));
      } else {
        futures.add(writers().submit(() -> load(e.getKey(), e.getValue())));
      }
    }
    List<CardFile> out = new ArrayList<>();
    for (java.util.concurrent.Future<CardFile> f : futures) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectorException("interrupted while reading cards", true, e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new ConnectorException("cannot read cards in " + folder + ": " + e.getCause(), true);
      }
    }
    return out;
  }

  private void saveCache() {
    if (dirty && cacheFile != null) {
      dirty = false;
      CardCache.save(cacheFile, folder, cache);
    }
  }

  /** The card of a file, from the cache when the file's stamp is unchanged. */
  private CardFile load(String name, BasicFileAttributes attrs) {
    CardFile.Stamp stamp = CardFile.Stamp.of(attrs);
    CardFile cached = cards().get(name);
    if (cached != null && cached.stamp().sameAs(stamp)) {
      return cached;
    }
    CardFile card;
    try {
      meter.call("read file");
      byte[] bytes = Files.readAllBytes(folder.resolve(name));
      try {
        VCard vcard = CardParser.parse(bytes);
        Record record =
            new Record(
                name, CardMapping.fields(vcard), attrs.lastModifiedTime().toInstant(), hash(bytes));
        card = new CardFile(stamp, record, null);
      } catch (MalformedCardException e) {
        card = new CardFile(stamp, null, "malformed vCard in '" + name + "': " + e.getMessage());
      }
    } catch (NoSuchFileException e) {
      card = new CardFile(stamp, null, "'" + name + "' was deleted while being read");
      return card;
    } catch (IOException e) {
      card = new CardFile(stamp, null, "cannot read '" + name + "': " + e);
      return card;
    }
    cards().put(name, card);
    dirty = true;
    return card;
  }

  /** The .vcf files of the folder by name (hidden and temporary files left out). */
  private TreeMap<String, BasicFileAttributes> listing() {
    meter.call("read dir");
    TreeMap<String, BasicFileAttributes> files = new TreeMap<>();
    // validName keeps the .vcf files: no glob, whose regex would run on every name.
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (!validName(name)) {
          continue;
        }
        BasicFileAttributes attrs = attributes(p);
        if (attrs != null && attrs.isRegularFile()) {
          files.put(name, attrs);
        }
      }
    } catch (NoSuchFileException e) {
      throw new ConnectorException("vdir folder " + folder + " does not exist any more", false);
    } catch (IOException e) {
      throw new ConnectorException("cannot list vdir folder " + folder + ": " + e, true, e);
    }
    listed = files.keySet();
    if (cacheLoaded) {
      dirty |= cache.keySet().retainAll(listed);
    }
    return files;
  }

  /**
   * The cached cards, loaded on first use: a read of changes where no file changed needs only the
   * listing, not the cards.
   */
  private Map<String, CardFile> cards() {
    if (!cacheLoaded) {
      synchronized (cache) {
        if (!cacheLoaded) {
          cache.putAll(CardCache.load(cacheFile, folder));
          java.util.Set<String> names = listed;
          if (names != null) {
            dirty |= cache.keySet().retainAll(names);
          }
          cacheLoaded = true;
        }
      }
    }
    return cache;
  }

  private static BasicFileAttributes attributes(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean validName(String name) {
    return name != null
        && name.endsWith(EXTENSION)
        && !name.startsWith(".")
        && !name.contains("/")
        && !name.contains("\\");
  }

  /**
   * A compact fingerprint of the listing: count and a 64-bit hash of names, sizes and times. Only
   * an opaque cursor (nothing compares it), so a fast non-cryptographic hash does: SHA-256 over
   * every entry cost a noticeable part of a no-change run.
   */
  private static String fingerprint(TreeMap<String, BasicFileAttributes> files) {
    long h = 0xcbf29ce484222325L;
    for (Map.Entry<String, BasicFileAttributes> e : files.entrySet()) {
      CardFile.Stamp s = CardFile.Stamp.of(e.getValue());
      String name = e.getKey();
      for (int i = 0; i < name.length(); i++) {
        h = (h ^ name.charAt(i)) * 0x100000001b3L;
      }
      h = mix(h ^ s.size());
      h = mix(h ^ s.modifiedNanos());
    }
    return "vdir:" + files.size() + ":" + HexFormat.of().toHexDigits(h);
  }

  /** A 64-bit finaliser (MurmurHash3's), so that every input bit affects every output bit. */
  private static long mix(long h) {
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  static String hash(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes), 0, 12);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
