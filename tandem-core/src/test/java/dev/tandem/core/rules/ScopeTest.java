package dev.tandem.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.Side;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopeTest {
  private static final Map<String, String> CUSTOMER_DE =
      Map.of("lifecyclestage", "customer", "country", "DE");
  private static final Map<String, String> LEAD_FR =
      Map.of("lifecyclestage", "lead", "country", "FR");

  @Test
  void withoutRulesEverythingIsInScopeBothWays() {
    Scope scope = Scope.everything();
    for (Side side : Side.values()) {
      Scope.Decision d = scope.decide(side, LEAD_FR::get);
      assertThat(d.inScope()).isTrue();
      assertThat(d.reason()).isNull();
      assertThat(d.set()).isEmpty();
    }
  }

  @Test
  void rulesForOneDirectionLeaveTheOtherOpen() {
    Scope scope = new Scope(List.of(Rule.of(Side.A, "lifecyclestage = customer", null)));
    assertThat(scope.decide(Side.A, CUSTOMER_DE::get).inScope()).isTrue();
    assertThat(scope.decide(Side.A, LEAD_FR::get).inScope()).isFalse();
    assertThat(scope.decide(Side.B, LEAD_FR::get).inScope()).isTrue();
  }

  @Test
  void aRecordMatchingAnyRuleOfItsDirectionIsInScope() {
    Scope scope =
        new Scope(
            List.of(
                Rule.of(Side.A, "lifecyclestage = customer", null),
                Rule.of(Side.A, "country in (DE, AT)", null)));
    assertThat(scope.decide(Side.A, Map.of("country", "at")::get).inScope()).isTrue();
    assertThat(scope.decide(Side.A, Map.of("lifecyclestage", "Customer")::get).inScope()).isTrue();
    Scope.Decision out = scope.decide(Side.A, LEAD_FR::get);
    assertThat(out.inScope()).isFalse();
    assertThat(out.set()).isEmpty();
    assertThat(out.reason())
        .isEqualTo(
            "no rule for a → b matches (rules: lifecyclestage = customer; country in (DE, AT))");
  }

  @Test
  void reasonNamesTheDirection() {
    Scope scope = new Scope(List.of(Rule.of(Side.B, "  tags = vip ", null)));
    assertThat(scope.decide(Side.B, LEAD_FR::get).reason())
        .isEqualTo("no rule for b → a matches (rules: tags = vip)");
  }

  @Test
  void setActionsOfAllMatchingRulesMergeInOrder() {
    Map<String, String> first = new LinkedHashMap<>();
    first.put("description", "from HubSpot");
    first.put("owner", "sales");
    Scope scope =
        new Scope(
            List.of(
                Rule.of(Side.A, "lifecyclestage = customer", first),
                Rule.of(Side.A, "country = FR", Map.of("owner", "france")),
                Rule.of(Side.A, "country = DE", Map.of("owner", "dach", "region", "EU")),
                Rule.of(Side.B, "", Map.of("source", "erp"))));
    Scope.Decision d = scope.decide(Side.A, CUSTOMER_DE::get);
    assertThat(d.inScope()).isTrue();
    assertThat(d.reason()).isNull();
    assertThat(d.set())
        .containsExactly(
            Map.entry("description", "from HubSpot"),
            Map.entry("owner", "dach"),
            Map.entry("region", "EU"));
    assertThat(scope.decide(Side.B, Map.<String, String>of()::get).set())
        .containsExactly(Map.entry("source", "erp"));
  }

  @Test
  void aRuleWithoutConditionMatchesEverything() {
    Rule always = new Rule(Side.A, null, null, null);
    assertThat(always.matches(k -> null)).isTrue();
    assertThat(always.set()).isEmpty();
    assertThat(Rule.of(Side.A, null, null).when()).isNull();
    assertThat(Rule.of(Side.A, "  ", null).when()).isNull();
    Scope scope =
        new Scope(List.of(Rule.of(Side.A, "country = DE", null), Rule.of(Side.A, null, null)));
    assertThat(scope.decide(Side.A, LEAD_FR::get).inScope()).isTrue();
  }

  @Test
  void ruleKeepsTheOriginalTextAndItsSetIsImmutable() {
    Map<String, String> set = new LinkedHashMap<>(Map.of("a", "1"));
    Rule rule = Rule.of(Side.B, "STAGE  =  won", set);
    set.put("b", "2");
    assertThat(rule.text()).isEqualTo("STAGE  =  won");
    assertThat(rule.when()).hasToString("STAGE = won");
    assertThat(rule.set()).containsOnlyKeys("a");
    assertThatThrownBy(() -> rule.set().put("c", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void badConditionTextFailsWhenTheRuleIsMade() {
    assertThatThrownBy(() -> Rule.of(Side.A, "stage equals won", null))
        .isInstanceOf(RuleSyntaxException.class)
        .hasMessageStartingWith("unknown operator 'equals' at column 7");
  }

  @Test
  void rulesAreGroupedByDirection() {
    Rule a1 = Rule.of(Side.A, "x = 1", null);
    Rule b1 = Rule.of(Side.B, "x = 2", null);
    Rule a2 = Rule.of(Side.A, "x = 3", null);
    Scope scope = new Scope(List.of(a1, b1, a2));
    assertThat(scope.rules(Side.A)).containsExactly(a1, a2);
    assertThat(scope.rules(Side.B)).containsExactly(b1);
  }
}
