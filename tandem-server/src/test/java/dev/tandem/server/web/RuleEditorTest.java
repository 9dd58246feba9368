package dev.tandem.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.Side;
import dev.tandem.core.rules.Rule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleEditorTest {

  @Test
  void addsListsAndRemovesRules() {
    List<Rule> rules =
        RuleEditor.add(List.of(), "a-to-b", "lifecyclestage = customer", "description = from CRM");
    rules = RuleEditor.add(rules, "b-to-a", "  ", "");
    assertThat(rules).hasSize(2);
    assertThat(rules.get(0).from()).isEqualTo(Side.A);
    assertThat(rules.get(0).set()).isEqualTo(Map.of("description", "from CRM"));
    assertThat(RuleEditor.rows(rules))
        .extracting(ConnectionPage.RuleRow::when)
        .containsExactly("lifecyclestage = customer", "(every record)");
    assertThat(RuleEditor.remove(rules, 0)).containsExactly(rules.get(1));
  }

  @Test
  void aBadConditionGivesTheParsersMessage() {
    assertThatThrownBy(() -> RuleEditor.add(List.of(), "a-to-b", "stage == won", ""))
        .isInstanceOf(RuleEditor.RuleError.class)
        .hasMessageStartingWith("bad condition: ")
        .hasMessageContaining("column");
    assertThat(RuleEditor.check("stage == won")).contains("column");
    assertThat(RuleEditor.check("stage = won")).isNull();
    assertThatThrownBy(() -> RuleEditor.add(List.of(), "a-to-b", "", "nothing"))
        .hasMessageContaining("write 'field = value'");
  }
}
