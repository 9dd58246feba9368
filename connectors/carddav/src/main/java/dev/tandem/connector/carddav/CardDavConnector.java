package dev.tandem.connector.carddav;

import static dev.tandem.connector.carddav.Multistatus.CARDDAV;
import static dev.tandem.connector.carddav.Multistatus.DAV;

import dev.tandem.connector.vcard.CardMapping;
import dev.tandem.connector.vcard.CardParser;
import dev.tandem.connector.vcard.MalformedCardException;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.schema.CanonicalFields;
import dev.tandem.core.spi.Capabilities;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.CursorExpiredException;
import dev.tandem.core.spi.Page;
import dev.tandem.core.spi.ReadProblem;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import ezvcard.VCard;
import ezvcard.VCardVersion;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * A CardDAV address book (RFC 6352), read incrementally with {@code sync-collection} (RFC 6578).
 * Ids are resource names within the address book ({@code <uid>.vcf}); versions are ETags.
 *
 * <p>Cursors: {@code sync:<token>} for a server with sync support; {@code listing} where the server
 * has none, in which case {@link #changes} lists every card (with {@code complete} set) and reads
 * only those whose ETag changed since this connector last saw them. A token the server refuses (403
 * {@code valid-sync-token}) raises {@link CursorExpiredException} so that the engine rescans.
 */
public final class CardDavConnector implements Connector {
  private static final int BATCH_SIZE = 50;

  /** Cards in one answer from which parsing them is spread over the cores. */
  private static final int PARALLEL_PARSE = 64;

  private static final String SYNC = "sync:";
  private static final String SYNC_PAGE = "syncpage ";
  private static final String LISTING = "listing";
  private static final String VCARD_TYPE = "text/vcard; charset=utf-8";

  private final URI configured;
  private final String addressBookName;
  private final DavClient client;
  private final int pageSize;

  private URI book;

  /** The last full listing, reused while paging through it. */
  private Listing listing;

  /** The last sync-collection answer, reused while paging through it. */
  private Listing lastSync;

  /** Whether the server answers sync-collection; null until asked. */
  private Boolean syncSupported;

  /** Cards read, by id, so that an unchanged ETag needs no second read or parse. */
  private final Map<String, Fetched> seen = new LinkedHashMap<>();

  CardDavConnector(URI url, String addressBookName, DavClient client, int pageSize) {
    this.configured = url;
    this.addressBookName = addressBookName;
    this.client = client;
    this.pageSize = pageSize;
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(
        Set.of(ObjectType.CONTACT),
        pageSize,
        BATCH_SIZE,
        Capabilities.ChangeMode.TOKEN,
        true,
        false);
  }

  @Override
  public Schema schema(ObjectType type) {
    return CardMapping.schema(type);
  }

  // ------------------------------------------------------------------ reads

  /** A member of the address book: its ETag and, when the server sent it along, its vCard. */
  private record Member(String etag, String text) {}

  /**
   * Members by id (in id order), deleted ids, the sync token after them, and whether the server cut
   * the answer short (507) so that more changes wait behind the token.
   */
  private record Listing(
      String fromToken,
      TreeMap<String, Member> members,
      List<String> deleted,
      String token,
      boolean truncated) {}

  @Override
  public Page scan(ObjectType type, String pageToken) {
    if (type != ObjectType.CONTACT) {
      return new Page(List.of(), null);
    }
    if (pageToken == null || listing == null) {
      listing = listAll(true, true);
    }
    List<String> ids = next(listing.members.keySet(), pageToken);
    Batch batch = materialize(ids, listing.members);
    String last = ids.isEmpty() ? null : ids.get(ids.size() - 1);
    boolean more = last != null && listing.members.higherKey(last) != null;
    if (more) {
      return new Page(batch.records, last, batch.problems);
    }
    String cursor = listing.token == null ? LISTING : SYNC + listing.token;
    listing = null;
    return new Page(batch.records, null, batch.problems, cursor);
  }

  /**
   * The scan's listing carries a sync token that resumes right after it (a {@code sync-collection}
   * answers with one; before a {@code PROPFIND} listing, the token is asked for first), so an
   * initial sync need not ask for one before it: on Radicale that request reads every card to
   * compute the token, about as long as the listing itself.
   */
  @Override
  public boolean scanYieldsCursor() {
    return true;
  }

  @Override
  public String currentCursor(ObjectType type) {
    String token = syncToken();
    return token == null ? LISTING : SYNC + token;
  }

  /** The address book's sync token now (PROPFIND), or null when it has none. */
  private String syncToken() {
    DavClient.Call call = propfind(bookUri(), "0", "sync-token", "<d:sync-token/>");
    DavClient.Response r = client.send(call);
    if (r.status() != 207) {
      throw DavClient.failure(call, r);
    }
    String token = null;
    for (Multistatus.Entry e : parse(call, r).entries) {
      token = e.text(DAV, "sync-token");
    }
    return token == null || token.isBlank() ? null : token.strip();
  }

  @Override
  public Changes changes(ObjectType type, String cursor) {
    if (type != ObjectType.CONTACT) {
      return new Changes(List.of(), List.of(), cursor, false, false);
    }
    if (cursor == null || cursor.equals(LISTING) || cursor.startsWith(LISTING + " ")) {
      return listingChanges(cursor == null || cursor.equals(LISTING) ? null : cursor.substring(8));
    }
    if (cursor.startsWith(SYNC)) {
      return syncChanges(cursor.substring(SYNC.length()), null, null);
    }
    if (cursor.startsWith(SYNC_PAGE)) {
      String[] parts = cursor.substring(SYNC_PAGE.length()).split(" ", -1);
      if (parts.length == 3) {
        return syncChanges(parts[0], parts[1], parts[2]);
      }
    }
    throw new CursorExpiredException("CardDAV cursor '" + cursor + "' is not one Tandem made");
  }

  /**
   * One page of the changes since {@code token}. While paging, the cursor carries the old token,
   * the new one (so changes made meanwhile are read next time, not skipped) and the last id given.
   */
  private Changes syncChanges(String token, String pinnedNewToken, String after) {
    Listing sync =
        lastSync != null && lastSync.fromToken.equals(token) && after != null
            ? lastSync
            : syncCollection(token, true);
    if (sync == null) {
      // The server has no sync-collection: fall back to listing every card from now on.
      return listingChanges(null);
    }
    lastSync = sync;
    String newToken = pinnedNewToken != null ? pinnedNewToken : sync.token;
    List<String> ids = next(sync.members.keySet(), after);
    Batch batch = materialize(ids, sync.members);
    String last = ids.isEmpty() ? null : ids.get(ids.size() - 1);
    boolean more = last != null && sync.members.higherKey(last) != null;
    List<String> deleted = after == null ? sync.deleted : List.of();
    if (more) {
      return new Changes(
          batch.records,
          deleted,
          SYNC_PAGE + token + " " + newToken + " " + last,
          true,
          false,
          batch.problems);
    }
    lastSync = null;
    // A truncated answer (507) means more changes wait behind the new token.
    return new Changes(
        batch.records, deleted, SYNC + newToken, sync.truncated, false, batch.problems);
  }

  private Changes listingChanges(String after) {
    if (after == null || listing == null) {
      listing = listAll(false, false);
    }
    List<String> ids = next(listing.members.keySet(), after);
    Batch batch = materialize(ids, listing.members);
    String last = ids.isEmpty() ? null : ids.get(ids.size() - 1);
    boolean more = last != null && listing.members.higherKey(last) != null;
    return new Changes(
        batch.records,
        List.of(),
        more ? LISTING + " " + last : LISTING,
        more,
        true,
        batch.problems);
  }

  /**
   * Every member of the address book. Where the server supports it, a {@code sync-collection} from
   * the empty token: it answers the same as a {@code PROPFIND} but far faster on some servers
   * (Radicale's PROPFIND of 10,000 cards takes tens of seconds), and can carry the cards along.
   */
  private Listing listAll(boolean withData, boolean withToken) {
    if (!Boolean.FALSE.equals(syncSupported)) {
      Listing all = syncCollection("", withData);
      syncSupported = all != null;
      if (all != null && !all.truncated) {
        seen.keySet().retainAll(all.members.keySet());
        return all;
      }
    }
    // Taken before listing, so that what changes meanwhile is read again next time.
    String token = withToken ? syncToken() : null;
    Listing listed = propfindListing();
    return new Listing(null, listed.members, listed.deleted, token, false);
  }

  /** REPORT sync-collection; null when the server does not support it. */
  private Listing syncCollection(String token, boolean withData) {
    URI uri = bookUri();
    DavClient.Call call =
        new DavClient.Call(
            "REPORT",
            uri,
            "sync-collection",
            Map.of("Depth", "0", "Content-Type", "application/xml; charset=utf-8"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<d:sync-collection xmlns:d=\"DAV:\" xmlns:c=\""
                + CARDDAV
                + "\"><d:sync-token>"
                + xml(token)
                + "</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/>"
                + (withData ? "<c:address-data/>" : "")
                + "</d:prop></d:sync-collection>");
    DavClient.Response r = client.send(call);
    if ((r.status() == 403 || r.status() == 409)
        && Multistatus.namesPrecondition(r.body(), DAV, "valid-sync-token")) {
      throw new CursorExpiredException(
          "CardDAV server no longer accepts the sync token of "
              + uri.getRawPath()
              + "; the address book is read again in full");
    }
    if (r.status() == 501
        || r.status() == 405
        || r.status() == 400
        || r.status() == 415
        || (r.status() == 403
            && Multistatus.namesPrecondition(r.body(), DAV, "supported-report"))) {
      return null;
    }
    if (r.status() != 207) {
      throw DavClient.failure(call, r);
    }
    Multistatus ms = parse(call, r);
    TreeMap<String, Member> changed = new TreeMap<>();
    List<String> deleted = new ArrayList<>();
    boolean truncated = false;
    for (Multistatus.Entry e : ms.entries) {
      if (isBook(e)) {
        truncated |= e.status() == 507;
        continue;
      }
      if (e.status() == 404) {
        deleted.add(e.name());
        seen.remove(e.name());
      } else if (e.status() / 100 == 2 && !e.hasResourceType(DAV, "collection")) {
        changed.put(e.name(), new Member(e.text(DAV, "getetag"), e.text(CARDDAV, "address-data")));
      }
    }
    if (ms.syncToken == null) {
      throw new ConnectorException(
          "CardDAV server answered sync-collection for "
              + uri.getRawPath()
              + " without a sync token",
          false);
    }
    return new Listing(token, changed, deleted, ms.syncToken, truncated);
  }

  /** PROPFIND Depth 1 getetag: every card's id and ETag. */
  private Listing propfindListing() {
    DavClient.Call call = propfind(bookUri(), "1", "getetag", "<d:resourcetype/><d:getetag/>");
    DavClient.Response r = client.send(call);
    if (r.status() != 207) {
      throw DavClient.failure(call, r);
    }
    TreeMap<String, Member> out = new TreeMap<>();
    for (Multistatus.Entry e : parse(call, r).entries) {
      if (!isBook(e) && e.status() / 100 == 2 && !e.hasResourceType(DAV, "collection")) {
        out.put(e.name(), new Member(e.text(DAV, "getetag"), null));
      }
    }
    seen.keySet().retainAll(out.keySet());
    return new Listing(null, out, List.of(), null, false);
  }

  @Override
  public List<Record> read(ObjectType type, List<String> ids) {
    if (type != ObjectType.CONTACT || ids.isEmpty()) {
      return List.of();
    }
    // A malformed card is left out here; scan and changes report it with its reason.
    return fetch(ids).records;
  }

  @Override
  public List<Record> find(ObjectType type, String field, List<String> values) {
    List<Record> out = new ArrayList<>();
    if (type != ObjectType.CONTACT || values.isEmpty()) {
      return out;
    }
    boolean email = CanonicalFields.EMAIL.equals(field);
    Set<String> wanted = new HashSet<>();
    values.forEach(v -> wanted.add(email ? v.toLowerCase(Locale.ROOT) : v));
    // addressbook-query is unevenly supported; a listing with cached reads works everywhere.
    TreeMap<String, Member> all = listAll(false, false).members;
    List<String> ids = new ArrayList<>(all.keySet());
    for (int i = 0; i < ids.size(); i += pageSize) {
      for (Record r :
          materialize(ids.subList(i, Math.min(ids.size(), i + pageSize)), all).records) {
        String v = r.get(field);
        if (v != null && wanted.contains(email ? v.toLowerCase(Locale.ROOT) : v)) {
          out.add(r);
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ fetching

  /** A card as the server holds it. */
  private record Fetched(String etag, String text, Record record, String problem) {}

  private record Batch(List<Record> records, List<ReadProblem> problems) {}

  /**
   * The records of the given members: from the card the server sent along, else from memory when
   * the ETag is unchanged, else read with addressbook-multiget.
   */
  private Batch materialize(List<String> ids, Map<String, Member> members) {
    List<String> stale = new ArrayList<>();
    List<String> sent = new ArrayList<>();
    for (String id : ids) {
      Member m = members.get(id);
      Fetched f = seen.get(id);
      boolean known = f != null && f.etag != null && m != null && f.etag.equals(m.etag);
      if (known) {
        continue;
      }
      if (m != null && m.text != null) {
        sent.add(id);
      } else {
        stale.add(id);
      }
    }
    Fetched[] parsed = parseAll(sent, members);
    for (int i = 0; i < parsed.length; i++) {
      seen.put(sent.get(i), parsed[i]);
    }
    Set<String> gone = new HashSet<>(stale);
    gone.removeAll(multiget(stale));
    List<Record> records = new ArrayList<>();
    List<ReadProblem> problems = new ArrayList<>();
    for (String id : ids) {
      if (!gone.contains(id)) {
        collect(id, records, problems);
      }
    }
    return new Batch(records, problems);
  }

  private Batch fetch(List<String> ids) {
    Set<String> found = multiget(ids);
    List<Record> records = new ArrayList<>();
    List<ReadProblem> problems = new ArrayList<>();
    for (String id : ids) {
      if (found.contains(id)) {
        collect(id, records, problems);
      }
    }
    return new Batch(records, problems);
  }

  private void collect(String id, List<Record> records, List<ReadProblem> problems) {
    Fetched f = seen.get(id);
    if (f == null) {
      return;
    }
    if (f.record != null) {
      records.add(f.record);
    } else {
      problems.add(new ReadProblem(id, f.problem));
    }
  }

  /** REPORT addressbook-multiget in batches; remembers what it read; returns the ids found. */
  private Set<String> multiget(List<String> ids) {
    Set<String> found = new HashSet<>();
    URI uri = bookUri();
    int chunkSize = Math.max(pageSize, BATCH_SIZE);
    for (int i = 0; i < ids.size(); i += chunkSize) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + chunkSize));
      StringBuilder body =
          new StringBuilder(
              "<?xml version=\"1.0\" encoding=\"utf-8\"?><c:addressbook-multiget xmlns:d=\"DAV:\""
                  + " xmlns:c=\""
                  + CARDDAV
                  + "\"><d:prop><d:getetag/><c:address-data/></d:prop>");
      for (String id : chunk) {
        body.append("<d:href>").append(xml(member(id).getRawPath())).append("</d:href>");
      }
      body.append("</c:addressbook-multiget>");
      DavClient.Call call =
          new DavClient.Call(
              "REPORT",
              uri,
              "addressbook-multiget",
              Map.of("Depth", "1", "Content-Type", "application/xml; charset=utf-8"),
              body.toString());
      DavClient.Response r = client.send(call);
      if (r.status() != 207) {
        throw DavClient.failure(call, r);
      }
      for (Multistatus.Entry e : parse(call, r).entries) {
        String id = e.name();
        if (e.status() == 404) {
          seen.remove(id);
          continue;
        }
        String text = e.text(CARDDAV, "address-data");
        if (e.status() / 100 != 2 || text == null) {
          continue;
        }
        seen.put(id, toFetched(id, e.text(DAV, "getetag"), text));
        found.add(id);
      }
    }
    return found;
  }

  /**
   * Parses the cards the server sent along, on all cores when there are many: parsing is most of
   * the CPU time of reading an address book.
   */
  private static Fetched[] parseAll(List<String> ids, Map<String, Member> members) {
    IntStream indexes = IntStream.range(0, ids.size());
    if (ids.size() >= PARALLEL_PARSE) {
      indexes = indexes.parallel();
    }
    return indexes
        .mapToObj(
            i -> {
              Member m = members.get(ids.get(i));
              return toFetched(ids.get(i), m.etag, m.text);
            })
        .toArray(Fetched[]::new);
  }

  private static Fetched toFetched(String id, String etag, String text) {
    try {
      VCard card = CardParser.parse(text);
      return new Fetched(
          etag,
          text,
          new Record(id, CardMapping.fields(card), CardMapping.revision(card), etag),
          null);
    } catch (MalformedCardException e) {
      return new Fetched(etag, text, null, "malformed vCard '" + id + "': " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ writes

  @Override
  public List<WriteResult> write(ObjectType type, List<WriteOp> ops) {
    List<String> updateIds =
        ops.stream().filter(o -> o.kind() == WriteOp.Kind.UPDATE).map(WriteOp::id).toList();
    Set<String> existing = multiget(updateIds);

    WriteResult[] results = new WriteResult[ops.size()];
    List<Integer> sentIndex = new ArrayList<>();
    List<DavClient.Call> calls = new ArrayList<>();
    List<String> sentIds = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      WriteOp op = ops.get(i);
      try {
        DavClient.Call call;
        String id;
        switch (op.kind()) {
          case CREATE -> {
            String uid = UUID.randomUUID().toString();
            id = uid + ".vcf";
            VCard card = CardMapping.newCard(op.fields(), uid, VCardVersion.V3_0);
            call = put(id, CardMapping.write(card), Map.of("If-None-Match", "*"));
          }
          case UPDATE -> {
            id = op.id();
            Fetched f = existing.contains(id) ? seen.get(id) : null;
            if (f == null) {
              results[i] = notFound(id);
              continue;
            }
            if (op.ifMatch() != null && f.etag != null && !op.ifMatch().equals(f.etag)) {
              results[i] = mismatch(id);
              continue;
            }
            VCard card;
            try {
              card = CardParser.parse(f.text);
            } catch (MalformedCardException e) {
              results[i] =
                  WriteResult.failed(
                      id,
                      new WriteError(
                          WriteError.Kind.INVALID,
                          "card '"
                              + id
                              + "' is malformed, so Tandem will not overwrite it: "
                              + e.getMessage()));
              continue;
            }
            if (!CardMapping.apply(card, op.fields())) {
              results[i] = WriteResult.ok(id, f.etag);
              continue;
            }
            CardMapping.touch(card, java.time.Instant.now());
            call =
                put(
                    id,
                    CardMapping.write(card),
                    f.etag == null ? Map.of() : Map.of("If-Match", f.etag));
          }
          case DELETE -> {
            id = op.id();
            call =
                new DavClient.Call(
                    "DELETE",
                    member(id),
                    "vcard",
                    op.ifMatch() == null ? Map.of() : Map.of("If-Match", op.ifMatch()),
                    null);
          }
          default -> throw new IllegalStateException(String.valueOf(op.kind()));
        }
        sentIndex.add(i);
        sentIds.add(id);
        calls.add(call);
      } catch (IllegalArgumentException e) {
        results[i] =
            WriteResult.failed(op.id(), new WriteError(WriteError.Kind.INVALID, e.getMessage()));
      }
    }
    List<DavClient.Response> responses = client.sendAll(calls);
    for (int k = 0; k < calls.size(); k++) {
      int i = sentIndex.get(k);
      results[i] = outcome(ops.get(i), sentIds.get(k), calls.get(k), responses.get(k));
    }
    return List.of(results);
  }

  private WriteResult outcome(WriteOp op, String id, DavClient.Call call, DavClient.Response r) {
    int s = r.status();
    if (s / 100 == 2) {
      seen.remove(id);
      return WriteResult.ok(id, op.kind() == WriteOp.Kind.DELETE ? null : r.header("ETag"));
    }
    if (s == 412) {
      return op.kind() == WriteOp.Kind.CREATE
          ? WriteResult.failed(
              null,
              new WriteError(
                  WriteError.Kind.INVALID,
                  "a card named '" + id + "' already exists on the server"))
          : mismatch(id);
    }
    if (s == 404 || s == 410) {
      return notFound(id);
    }
    String what = call.method() + " " + call.uri().getRawPath();
    if (Multistatus.namesPrecondition(r.body(), CARDDAV, "no-uid-conflict")) {
      return WriteResult.failed(
          op.kind() == WriteOp.Kind.CREATE ? null : id,
          new WriteError(
              WriteError.Kind.INVALID,
              "CardDAV server refused " + what + ": another card has the same UID"));
    }
    WriteError.Kind kind = s >= 500 ? WriteError.Kind.TRANSIENT : WriteError.Kind.INVALID;
    return WriteResult.failed(
        op.kind() == WriteOp.Kind.CREATE ? null : id,
        new WriteError(kind, "CardDAV server answered " + s + " to " + what + ": " + r.bodyText()));
  }

  private DavClient.Call put(String id, String text, Map<String, String> condition) {
    Map<String, String> headers = new LinkedHashMap<>(condition);
    headers.put("Content-Type", VCARD_TYPE);
    return new DavClient.Call("PUT", member(id), "vcard", headers, text);
  }

  private static WriteResult notFound(String id) {
    return WriteResult.failed(
        id, new WriteError(WriteError.Kind.NOT_FOUND, "card '" + id + "' does not exist"));
  }

  private static WriteResult mismatch(String id) {
    return WriteResult.failed(
        id,
        new WriteError(
            WriteError.Kind.VERSION_MISMATCH, "card '" + id + "' changed since Tandem read it"));
  }

  // ------------------------------------------------------------------ helpers

  /** The address book's URL, found on first use so that creating a connector makes no call. */
  URI bookUri() {
    if (book == null) {
      book = new AddressBookLocator(client).locate(configured, addressBookName);
    }
    return book;
  }

  private URI member(String id) {
    return bookUri().resolve("./" + id);
  }

  private boolean isBook(Multistatus.Entry e) {
    String p = e.path().endsWith("/") ? e.path() : e.path() + "/";
    return p.equals(bookUri().getRawPath());
  }

  private DavClient.Call propfind(URI uri, String depth, String kind, String props) {
    return new DavClient.Call(
        "PROPFIND",
        uri,
        kind,
        Map.of("Depth", depth, "Content-Type", "application/xml; charset=utf-8"),
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:propfind xmlns:d=\"DAV:\"><d:prop>"
            + props
            + "</d:prop></d:propfind>");
  }

  private static Multistatus parse(DavClient.Call call, DavClient.Response r) {
    try {
      return Multistatus.parse(r.body(), call.uri());
    } catch (IllegalArgumentException e) {
      throw new ConnectorException(
          "CardDAV server sent an unreadable answer to "
              + call.method()
              + " "
              + call.uri().getRawPath()
              + ": "
              + e.getMessage(),
          true);
    }
  }

  /** The next page of ids after {@code after} (exclusive), in order. */
  private List<String> next(Iterable<String> ordered, String after) {
    List<String> out = new ArrayList<>();
    for (String id : ordered) {
      if (after != null && id.compareTo(after) <= 0) {
        continue;
      }
      out.add(id);
      if (out.size() == pageSize) {
        break;
      }
    }
    return out;
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
