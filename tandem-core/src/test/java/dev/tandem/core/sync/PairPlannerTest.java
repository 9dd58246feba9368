package dev.tandem.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.mapping.MappingResolver;
import dev.tandem.core.mapping.MappingSet;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.FieldDef.FieldType;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.sync.PairPlanner.Flow;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merge decisions, without any I/O. */
class PairPlannerTest {
  static final Schema S =
      new Schema(
          ObjectType.CONTACT,
          List.of(
              new FieldDef("email", "email", FieldType.EMAIL, List.of(), false),
              FieldDef.of("firstName", "firstName"),
              FieldDef.of("lastName", "lastName"),
              new FieldDef("phone", "phone", FieldType.PHONE, List.of(), false),
              new FieldDef("tags", "tags", FieldType.MULTI, List.of(), false)));
  static final MappingSet MAPPINGS = MappingResolver.resolve(ObjectType.CONTACT, S, S, List.of());
  static final Instant EARLY = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant LATE = Instant.parse("2026-01-02T00:00:00Z");

  static Record rec(Instant modified, String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return new Record("r", m, modified, null);
  }

  final PairPlanner newest = new PairPlanner(MAPPINGS, ConflictPolicy.NEWEST);

  @Test
  void smartMergeFillsBlanksBothWaysAndNeverEmptiesAValue() {
    PairDecision d =
        newest.merge(
            rec(EARLY, "email", "a@x.com", "firstName", "Ada"),
            rec(LATE, "email", "A@X.com", "lastName", "Lovelace"),
            null,
            Flow.BOTH);
    assertThat(d.writeA()).isEqualTo(Map.of("lastName", "Lovelace"));
    assertThat(d.writeB()).isEqualTo(Map.of("firstName", "Ada"));
    assertThat(d.conflicts()).isZero();
    assertThat(d.snapshot())
        .containsEntry("email", "a@x.com")
        .containsEntry("firstName", "Ada")
        .containsEntry("lastName", "Lovelace");
  }

  @Test
  void onFirstMatchDifferingValuesFollowThePolicy() {
    Record a = rec(EARLY, "firstName", "Ada");
    Record b = rec(LATE, "firstName", "Augusta");
    assertThat(newest.merge(a, b, null, Flow.BOTH).writeA()).containsEntry("firstName", "Augusta");
    assertThat(
            new PairPlanner(MAPPINGS, ConflictPolicy.A_WINS).merge(a, b, null, Flow.BOTH).writeB())
        .containsEntry("firstName", "Ada");
  }

  @Test
  void onlyOneSideChangedFlowsToTheOther() {
    Map<String, String> snap = Map.of("firstName", "Ada", "phone", "+441");
    PairDecision d =
        newest.merge(rec(LATE, "firstName", "Ada", "phone", "+442"), null, snap, Flow.BOTH);
    assertThat(d.writeB()).isEqualTo(Map.of("phone", "+442"));
    assertThat(d.writeA()).isEmpty();
  }

  @Test
  void aClearedFieldIsAChangeOnceLinked() {
    Map<String, String> snap = Map.of("firstName", "Ada", "phone", "+441");
    PairDecision d = newest.merge(rec(LATE, "firstName", "Ada"), null, snap, Flow.BOTH);
    assertThat(d.writeB()).isEqualTo(Map.of("phone", ""));
    assertThat(d.snapshot()).doesNotContainKey("phone");
  }

  @Test
  void bothChangedToTheSameValueIsNoConflictAndNoWrite() {
    Map<String, String> snap = Map.of("phone", "+441");
    PairDecision d =
        newest.merge(rec(EARLY, "phone", "+44 2"), rec(LATE, "phone", "+442"), snap, Flow.BOTH);
    assertThat(d.writesNothing()).isTrue();
    assertThat(d.conflicts()).isZero();
  }

  @Test
  void differentFieldsChangedOnEachSideMergeWithoutConflict() {
    Map<String, String> snap = Map.of("firstName", "Ada", "phone", "+441");
    PairDecision d =
        newest.merge(
            rec(EARLY, "firstName", "Augusta", "phone", "+441"),
            rec(LATE, "firstName", "Ada", "phone", "+449"),
            snap,
            Flow.BOTH);
    assertThat(d.writeA()).isEqualTo(Map.of("phone", "+449"));
    assertThat(d.writeB()).isEqualTo(Map.of("firstName", "Augusta"));
    assertThat(d.conflicts()).isZero();
  }

  @Test
  void bothChangedDifferentlyIsAConflictTheNewestWins() {
    Map<String, String> snap = Map.of("phone", "+441");
    PairDecision d =
        newest.merge(rec(EARLY, "phone", "+442"), rec(LATE, "phone", "+443"), snap, Flow.BOTH);
    assertThat(d.conflicts()).isEqualTo(1);
    assertThat(d.writeA()).isEqualTo(Map.of("phone", "+443"));
    assertThat(d.changes())
        .singleElement()
        .satisfies(c -> assertThat(c.reason()).contains("newest").contains("b wins"));
  }

  @Test
  void formattingAloneIsNotAChange() {
    Map<String, String> snap = Map.of("email", "ada@x.com", "tags", "a;b", "phone", "+441555");
    PairDecision d =
        newest.merge(
            rec(LATE, "email", " ADA@x.com", "tags", "b; a", "phone", "+44 (1) 555"),
            null,
            snap,
            Flow.BOTH);
    assertThat(d.writesNothing()).isTrue();
  }

  @Test
  void aChangeThatMayNotFlowKeepsTheSnapshot() {
    Map<String, String> snap = Map.of("phone", "+441");
    Flow onlyBtoA = new Flow(false, true, Map.of(), Map.of());
    PairDecision d = newest.merge(rec(LATE, "phone", "+442"), null, snap, onlyBtoA);
    assertThat(d.writesNothing()).isTrue();
    assertThat(d.snapshot()).containsEntry("phone", "+441");
  }

  @Test
  void aBlockedFillLeavesNoSnapshotSoNeitherSideLooksChangedLater() {
    Flow onlyBtoA = new Flow(false, true, Map.of(), Map.of());
    PairDecision d = newest.merge(rec(EARLY, "phone", "+441"), rec(LATE), null, onlyBtoA);
    assertThat(d.writesNothing()).isTrue();
    assertThat(d.snapshot()).doesNotContainKey("phone");
  }

  @Test
  void aCreateCopiesWhatFlowsAndRuleSetsOnce() {
    Flow flow = new Flow(true, true, Map.of(), Map.of("source", "crm"));
    PairDecision d =
        newest.create(Side.A, rec(EARLY, "email", "a@x.com", "firstName", "Ada"), flow);
    assertThat(d.writeB())
        .isEqualTo(Map.of("email", "a@x.com", "firstName", "Ada", "source", "crm"));
    PairDecision again =
        newest.merge(rec(EARLY, "email", "a@x.com", "firstName", "Ada"), null, d.snapshot(), flow);
    assertThat(again.writesNothing()).isTrue();
  }
}
