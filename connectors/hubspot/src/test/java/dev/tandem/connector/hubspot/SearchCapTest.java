package dev.tandem.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.CursorExpiredException;
import dev.tandem.core.spi.RecordingMeter;
import dev.tandem.emulator.hubspot.HubSpotEmulator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * HubSpot's search returns at most 10,000 results per query: changes() narrows the window from the
 * latest modification seen, and gives up (cursor expired, so the engine rescans) only when more
 * than 10,000 records share one timestamp. Each test pages 10,000+ results at 5 searches/s.
 */
class SearchCapTest {
  final RecordingMeter meter = new RecordingMeter();
  final ConnectorContext context = new ConnectorContext(meter, Clock.systemUTC(), Path.of("."));

  @Test
  void moreThanTenThousandChangesAreReadByNarrowingTheWindow() {
    HubSpotEmulator hs = EmulatorFixture.shared();
    hs.reset();
    // Seeded records have modification dates spread over the past 60 days.
    EmulatorFixture.control(hs, "/_emulator/seed", "{\"contacts\":10300,\"seed\":5}");
    HubSpotConnector c = EmulatorFixture.connector(hs, context, Map.of());
    Set<String> seen = new HashSet<>();
    String cursor = Long.toString(System.currentTimeMillis() - 61L * 24 * 3600 * 1000);
    Changes ch;
    int pages = 0;
    do {
      ch = c.changes(ObjectType.CONTACT, cursor);
      ch.changed().forEach(r -> seen.add(r.id()));
      cursor = ch.nextCursor();
      pages++;
    } while (ch.hasMore());
    assertThat(seen).hasSize(10_300);
    assertThat(pages).isLessThan(60);
    // The next run's cursor: the latest modification read, then the ids read at it.
    assertThat(Long.parseLong(cursor.split("~")[0]))
        .isGreaterThan(System.currentTimeMillis() - 60_000L * 60 * 24 * 366);
  }

  @Test
  void aCursorOlderThanHubSpotKeepsDeletionsExpires() {
    HubSpotConnector c = EmulatorFixture.connector(EmulatorFixture.shared(), context, Map.of());
    String old = Long.toString(System.currentTimeMillis() - 91L * 24 * 3600 * 1000);
    assertThatThrownBy(() -> c.changes(ObjectType.CONTACT, old))
        .isInstanceOf(CursorExpiredException.class)
        .hasMessageContaining("90 days");
  }

  @Test
  void tenThousandChangesAtOneInstantExpireTheCursor() {
    HubSpotEmulator hs = EmulatorFixture.shared();
    hs.reset();
    long instant = System.currentTimeMillis() - 3_600_000;
    StringBuilder records = new StringBuilder("{\"modifiedAt\":" + instant + ",\"records\":[");
    for (int i = 0; i < 10_050; i++) {
      records
          .append(i == 0 ? "" : ",")
          .append("{\"email\":\"same")
          .append(i)
          .append("@example.com\"}");
    }
    EmulatorFixture.control(hs, "/_emulator/records/contacts", records.append("]}").toString());
    HubSpotConnector c = EmulatorFixture.connector(hs, context, Map.of());
    assertThatThrownBy(
            () -> {
              String cursor = Long.toString(instant);
              Changes ch;
              do {
                ch = c.changes(ObjectType.CONTACT, cursor);
                cursor = ch.nextCursor();
              } while (ch.hasMore());
            })
        .isInstanceOf(CursorExpiredException.class)
        .hasMessageContaining("10,000");
  }
}
