package dev.tandem.connector.vdir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.model.Record;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk cache of parsed cards: what is saved loads back; anything damaged loads as empty. */
class CardCacheTest {
  @TempDir Path dir;

  private static Map<String, CardFile> cards(long seed) {
    Random rnd = new Random(seed);
    Map<String, CardFile> out = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      String name = "c" + i + ".vcf";
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("fullName", "Ada Lövelace 😀 " + rnd.nextInt());
      fields.put("email", "ada" + i + "@example.org");
      if (rnd.nextBoolean()) {
        fields.put("notes", "line one\nline two " + rnd.nextLong());
      }
      long nanos = 1_700_000_000_000_000_000L + rnd.nextInt(1_000_000_000);
      CardFile.Stamp stamp = new CardFile.Stamp(nanos, rnd.nextInt(5000), "(dev=1,ino=" + i + ")");
      Record r = new Record(name, fields, Instant.ofEpochSecond(0, nanos), "v" + i);
      out.put(name, new CardFile(stamp, r, null));
    }
    out.put("bad.vcf", new CardFile(new CardFile.Stamp(1, 2, "k"), null, "malformed"));
    return out;
  }

  @Test
  void whatIsSavedLoadsBackExceptUnreadableCards() {
    Path file = dir.resolve("cache/vdir.cache");
    Path folder = dir.resolve("book");
    for (long seed = 1; seed <= 3; seed++) {
      Map<String, CardFile> saved = cards(seed);
      CardCache.save(file, folder, saved);
      Map<String, CardFile> loaded = CardCache.load(file, folder);
      saved.remove("bad.vcf");
      assertThat(loaded).isEqualTo(saved);
    }
  }

  @Test
  void aDamagedCacheOrOneOfAnotherFolderLoadsEmpty() throws Exception {
    Path file = dir.resolve("vdir.cache");
    Path folder = dir.resolve("book");
    CardCache.save(file, folder, cards(7));
    assertThat(CardCache.load(file, dir.resolve("other"))).isEmpty();
    byte[] bytes = Files.readAllBytes(file);
    Random rnd = new Random(11);
    for (int i = 0; i < 20; i++) {
      Files.write(file, Arrays.copyOf(bytes, rnd.nextInt(bytes.length)));
      assertThat(CardCache.load(file, folder)).isEmpty();
    }
    assertThat(CardCache.load(dir.resolve("missing.cache"), folder)).isEmpty();
  }
}
