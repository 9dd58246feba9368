package dev.tandem.connector.memory;

import static dev.tandem.core.model.ObjectType.CONTACT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.RateLimitedException;
import dev.tandem.core.spi.RecordingMeter;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultsTest {
  private final MemoryApp app = new MemoryApp("faulty");
  private final RecordingMeter meter = new RecordingMeter();
  private final MemoryConnector connector = new MemoryConnector(app, meter, 100, 100);

  private List<WriteResult> createOne(String email) {
    return connector.write(CONTACT, List.of(WriteOp.create(Map.of("email", email))));
  }

  @Test
  void failedCallsAreTransientCountedAndChangeNothing() {
    app.faults().failNext(2);
    long seq = app.sequence();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> createOne("a@x.io"))
          .isInstanceOfSatisfying(
              ConnectorException.class,
              e -> {
                assertThat(e.isTransient()).isTrue();
                assertThat(e.getMessage()).contains("faulty", "write");
              });
    }
    assertThat(app.size(CONTACT)).isZero();
    assertThat(app.sequence()).isEqualTo(seq);
    assertThat(createOne("a@x.io")).allMatch(WriteResult::succeeded);
    assertThat(meter.count("write")).isEqualTo(3);
    assertThat(connector.callCounts()).containsEntry("write", 3L);
    assertThat(app.apiCalls()).isEqualTo(3);
  }

  @Test
  void randomFailuresRepeatWithTheSameSeed() {
    assertThat(failurePattern(7)).isEqualTo(failurePattern(7));
    List<Boolean> pattern = failurePattern(7);
    long failures = pattern.stream().filter(b -> b).count();
    assertThat(failures).isBetween(20L, 80L);
  }

  private List<Boolean> failurePattern(long seed) {
    MemoryApp fresh = new MemoryApp("seeded");
    fresh.faults().seed(seed).failRate(0.25);
    MemoryConnector c = new MemoryConnector(fresh, meter, 10, 10);
    List<Boolean> out = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      try {
        c.scan(CONTACT, null);
        out.add(false);
      } catch (ConnectorException e) {
        out.add(true);
      }
    }
    return out;
  }

  @Test
  void rateLimitsCarryTheRetryAfter() {
    app.faults().rateLimitNext(1, Duration.ofMillis(250));
    assertThatThrownBy(() -> connector.scan(CONTACT, null))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(250));
              assertThat(e.daily()).isFalse();
            });
    assertThat(connector.scan(CONTACT, null).records()).isEmpty();

    app.faults().rateLimitRate(1.0, Duration.ofSeconds(2));
    assertThatThrownBy(() -> createOne("a@x.io")).isInstanceOf(RateLimitedException.class);
    assertThat(app.size(CONTACT)).isZero();
    app.faults().clear();
    assertThat(createOne("a@x.io")).allMatch(WriteResult::succeeded);
  }

  @Test
  void crashBeforeTheKthCallLeavesItUnapplied() {
    app.faults().crashAtCall(3);
    connector.scan(CONTACT, null);
    createOne("first@x.io");
    assertThatThrownBy(() -> createOne("second@x.io"))
        .isInstanceOf(SimulatedCrash.class)
        .isInstanceOf(Error.class)
        .hasMessageContaining("call 3");
    assertThat(app.size(CONTACT)).isEqualTo(1);
    assertThat(createOne("second@x.io"))
        .as("the crash fires once")
        .allMatch(WriteResult::succeeded);
  }

  @Test
  void crashAfterTheCallAppliesItButLosesTheAnswer() {
    app.faults().crashAfterCall(1);
    assertThatThrownBy(() -> createOne("lost@x.io")).isInstanceOf(SimulatedCrash.class);
    assertThat(app.size(CONTACT)).isEqualTo(1);
    assertThat(connector.find(CONTACT, "email", List.of("LOST@x.io"))).hasSize(1);
  }

  @Test
  void aLostAnswerAppliesTheCallAndFailsItAsTransient() {
    app.faults().loseAnswerOfCall(1);
    assertThatThrownBy(() -> createOne("timeout@x.io"))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.isTransient()).isTrue())
        .hasMessageContaining("504")
        .hasMessageContaining("may have been applied");
    assertThat(app.size(CONTACT)).isEqualTo(1);
    assertThat(createOne("next@x.io")).as("the fault fires once").allMatch(WriteResult::succeeded);
  }

  @Test
  void rejectionsFailOnlyTheMatchingItems() {
    app.faults().rejectWhen(f -> f.getOrDefault("lastName", "").isEmpty(), "lastName is required");
    String id = app.put(CONTACT, Map.of("email", "a@x.io", "lastName", "Lee"));
    List<WriteResult> results =
        connector.write(
            CONTACT,
            List.of(
                WriteOp.create(Map.of("email", "b@x.io")),
                WriteOp.create(Map.of("email", "c@x.io", "lastName", "Cho")),
                WriteOp.update(id, Map.of("lastName", ""), null),
                WriteOp.update(id, Map.of("firstName", "Ann"), null)));
    assertThat(results.get(0).error())
        .isEqualTo(new WriteError(WriteError.Kind.INVALID, "lastName is required"));
    assertThat(results.get(1).succeeded()).isTrue();
    assertThat(results.get(2).error().kind()).isEqualTo(WriteError.Kind.INVALID);
    assertThat(results.get(3).succeeded()).isTrue();
    assertThat(app.get(CONTACT, id).fields())
        .containsEntry("lastName", "Lee")
        .containsEntry("firstName", "Ann");
    assertThat(app.size(CONTACT)).isEqualTo(2);
  }

  @Test
  void testAccessIsNeitherCountedNorFaulted() {
    app.faults().failRate(1.0);
    String id = app.put(CONTACT, Map.of("email", "a@x.io"));
    app.edit(CONTACT, id, Map.of("firstName", "Ann"));
    assertThat(app.all(CONTACT)).hasSize(1);
    assertThat(app.apiCalls()).isZero();
    assertThat(meter.total()).isZero();
  }
}
