package dev.tandem.engine;

import static dev.tandem.engine.Harness.CONTACT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.connector.memory.MemoryApp;
import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.rules.Rule;
import dev.tandem.core.sync.ConflictPolicy;
import dev.tandem.core.sync.DeleteGuard;
import dev.tandem.core.sync.DeletePolicy;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.engine.store.Link;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import dev.tandem.engine.store.SyncKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sync invariants over many seeded random edit sequences (creates, edits, clears, email
 * changes, deletes and scope changes on both sides between syncs). After every sync: linked records
 * agree on every mapped field where both are in scope; no record is duplicated; every record with
 * an email is linked or has a health entry saying why not; and a second sync writes nothing. After
 * the first sync, smart merge has not replaced any value with an empty one. A failing seed
 * reproduces alone with {@code -Dtandem.seeds=<seed>}.
 */
class RandomEditSequencesTest {
  static final List<String> FIELDS = List.of("firstName", "lastName", "phone", "company");
  static final String[] WORDS = {
    "Ada", "Grace", "Alan", "Zoë", "李", "O'Neil", "Smith", "  spaced ", "Ünal", "x"
  };

  @TempDir static Path dir;
  static StateStore store;

  @BeforeAll
  static void open() {
    store = StateStores.sqlite(dir.resolve("random.db"));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  static LongStream seeds() {
    String only = System.getProperty("tandem.seeds");
    if (only != null && !only.isBlank()) {
      return Arrays.stream(only.split(",")).mapToLong(s -> Long.parseLong(s.trim()));
    }
    return LongStream.range(0, Long.getLong("tandem.seedCount", 1000));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void invariantsHold(long seed) {
    new Sequence(seed).run();
  }

  static final class Sequence {
    final Random rnd;
    final Harness h;
    final boolean rules;
    final DeletePolicy deletes;
    int next;
    final Set<String> orphans = new HashSet<>();

    Sequence(long seed) {
      rnd = new Random(seed);
      h = new Harness(store, "r" + seed, 1 + rnd.nextInt(6), 1 + rnd.nextInt(4));
      // Half the sequences take the initial sync's path for an A too large for one pass.
      h.onePass = seed % 2 == 0 ? h.onePass : 0;
      rules = rnd.nextBoolean();
      deletes = rnd.nextBoolean() ? DeletePolicy.IGNORE : DeletePolicy.PROPAGATE;
      ConflictPolicy conflict = ConflictPolicy.values()[rnd.nextInt(3)];
      List<Rule> ruleList =
          rules ? List.of(Rule.of(Side.A, "tags != private", Map.of())) : List.of();
      h.specs =
          List.of(
              new ObjectSyncSpec(
                  CONTACT,
                  List.of("email"),
                  conflict,
                  deletes,
                  new DeleteGuard(1000, 0),
                  List.of(),
                  ruleList));
    }

    void run() {
      Map<String, Map<String, String>> before = populate();
      syncAndCheck();
      checkSmartMerge(before);
      int rounds = 2 + rnd.nextInt(3);
      for (int i = 0; i < rounds; i++) {
        edit(Side.A, h.a);
        edit(Side.B, h.b);
        syncAndCheck();
      }
    }

    String email() {
      return "u" + (next++) + "@x.com";
    }

    Map<String, String> randomFields() {
      Map<String, String> f = new HashMap<>();
      for (String field : FIELDS) {
        if (rnd.nextInt(3) > 0) {
          f.put(field, WORDS[rnd.nextInt(WORDS.length)] + rnd.nextInt(3));
        }
      }
      return f;
    }

    /** Both sides start with records, some sharing an email with different fields filled in. */
    Map<String, Map<String, String>> populate() {
      Map<String, Map<String, String>> union = new HashMap<>();
      int na = rnd.nextInt(7);
      int nb = rnd.nextInt(7);
      List<String> aEmails = new ArrayList<>();
      for (int i = 0; i < na; i++) {
        Map<String, String> f = randomFields();
        String e = email();
        f.put("email", e);
        if (rules && rnd.nextInt(4) == 0) {
          f.put("tags", "private");
        }
        h.a.put(CONTACT, f);
        aEmails.add(e);
        union.computeIfAbsent(e, x -> new HashMap<>()).putAll(f);
      }
      for (int i = 0; i < nb; i++) {
        Map<String, String> f = randomFields();
        String e =
            !aEmails.isEmpty() && rnd.nextBoolean()
                ? aEmails.remove(rnd.nextInt(aEmails.size()))
                : email();
        f.put("email", rnd.nextBoolean() ? e.toUpperCase(Locale.ROOT) : e);
        h.b.put(CONTACT, f);
        Map<String, String> u = union.computeIfAbsent(e, x -> new HashMap<>());
        f.forEach((k, v) -> u.merge(k, v, (x, y) -> x));
      }
      return union;
    }

    void edit(Side side, MemoryApp app) {
      int ops = rnd.nextInt(5);
      for (int i = 0; i < ops; i++) {
        List<Record> all = app.all(CONTACT);
        int op = rnd.nextInt(10);
        if (all.isEmpty() || op < 2) {
          Map<String, String> f = randomFields();
          f.put("email", email());
          app.put(CONTACT, f);
          continue;
        }
        Record r = all.get(rnd.nextInt(all.size()));
        if (DEBUG) {
          System.out.println("op " + op + " on " + side + " " + r.id());
        }
        switch (op) {
          case 2, 3, 4 ->
              app.edit(
                  CONTACT,
                  r.id(),
                  Map.of(
                      FIELDS.get(rnd.nextInt(FIELDS.size())),
                      WORDS[rnd.nextInt(WORDS.length)] + "e" + rnd.nextInt(9)));
          case 5 -> app.edit(CONTACT, r.id(), Map.of(FIELDS.get(rnd.nextInt(FIELDS.size())), ""));
          case 6 -> app.edit(CONTACT, r.id(), Map.of("email", email()));
          case 7 -> {
            Link l = store.links(key(), side, List.of(r.id())).get(r.id());
            if (l != null) {
              orphans.add((side == Side.A ? "b:" + l.bId() : "a:" + l.aId()));
            }
            app.delete(CONTACT, r.id());
          }
          default -> {
            if (side == Side.A && rules) {
              app.edit(
                  CONTACT,
                  r.id(),
                  Map.of("tags", "private".equals(r.get("tags")) ? "" : "private"));
            } else {
              app.edit(CONTACT, r.id(), Map.of("tags", rnd.nextBoolean() ? "vip;news" : "news"));
            }
          }
        }
      }
    }

    SyncKey key() {
      return new SyncKey(h.name, CONTACT);
    }

    static final boolean DEBUG = Boolean.getBoolean("tandem.debug");

    void syncAndCheck() {
      if (DEBUG) {
        System.out.println("A: " + h.a.all(CONTACT) + "\nB: " + h.b.all(CONTACT));
      }
      RunReport r = h.sync();
      if (DEBUG) {
        System.out.println("sync: " + r.counts() + " " + r.apiCalls());
        store.activity(h.name, 0, 50).forEach(e -> System.out.println("  act " + e));
        store.healthPage(key(), null, 0, 50).forEach(e -> System.out.println("  health " + e));
      }
      assertThat(r.status()).as("run: %s", r.error()).isEqualTo("completed");
      assertThat(r.total("failed")).isZero();
      checkAgreement();
      checkNoDuplicates(h.a);
      checkNoDuplicates(h.b);
      checkEverythingAccounted(Side.A, h.a);
      checkEverythingAccounted(Side.B, h.b);
      RunReport again = h.sync();
      assertThat(again.status()).isEqualTo("completed");
      assertThat(Harness.writes(again)).as("write calls of a second sync").isZero();
    }

    boolean inScope(Record a) {
      return !rules || !"private".equals(a.get("tags"));
    }

    void checkAgreement() {
      String after = null;
      while (true) {
        List<Link> page = store.linkPage(key(), after, 500);
        if (page.isEmpty()) {
          return;
        }
        after = page.get(page.size() - 1).aId();
        for (Link l : page) {
          Record a = h.a.get(CONTACT, l.aId());
          Record b = h.b.get(CONTACT, l.bId());
          assertThat(a).as("a record of link %s", l).isNotNull();
          assertThat(b).as("b record of link %s", l).isNotNull();
          if (!inScope(a)) {
            continue;
          }
          for (String f : List.of("email", "firstName", "lastName", "phone", "company", "tags")) {
            assertThat(norm(f, b.get(f)))
                .as("field %s of %s and %s", f, a, b)
                .isEqualTo(norm(f, a.get(f)));
          }
        }
      }
    }

    static String norm(String field, String v) {
      if (v == null || v.isBlank()) {
        return null;
      }
      String t = v.strip().replaceAll("\\s+", " ");
      if (field.equals("email")) {
        return t.toLowerCase(Locale.ROOT);
      }
      if (field.equals("tags")) {
        return new TreeSet<>(Arrays.asList(t.split(";"))).toString();
      }
      return t;
    }

    void checkNoDuplicates(MemoryApp app) {
      Map<String, Long> counts =
          app.all(CONTACT).stream()
              .filter(r -> r.get("email") != null)
              .collect(
                  Collectors.groupingBy(
                      r -> r.get("email").toLowerCase(Locale.ROOT), Collectors.counting()));
      assertThat(counts.values()).as("records per email in %s", app.name()).allMatch(n -> n == 1);
    }

    void checkEverythingAccounted(Side side, MemoryApp app) {
      List<String> ids = app.all(CONTACT).stream().map(Record::id).toList();
      Map<String, Link> links = store.links(key(), side, ids);
      for (String id : ids) {
        boolean ok =
            links.containsKey(id)
                || store.health(key(), side, id).isPresent()
                || orphans.contains(side.label() + ":" + id);
        assertThat(ok)
            .as(
                "%s record %s is linked, reported in health, or an orphan of a deletion",
                side, app.get(CONTACT, id))
            .isTrue();
      }
    }

    void checkSmartMerge(Map<String, Map<String, String>> union) {
      for (Record a : h.a.all(CONTACT)) {
        Map<String, String> had = union.get(a.get("email").toLowerCase(Locale.ROOT));
        if (had == null || !inScope(a)) {
          continue;
        }
        for (String f : FIELDS) {
          if (had.get(f) != null && !had.get(f).isBlank()) {
            assertThat(a.get(f)).as("smart merge kept %s of %s", f, a).isNotNull();
          }
        }
      }
    }
  }
}
