package dev.tandem.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionParserTest {

  private static boolean eval(String condition, Object... fieldsAndValues) {
    Map<String, String> record = new HashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      record.put((String) fieldsAndValues[i], (String) fieldsAndValues[i + 1]);
    }
    return ConditionParser.parse(condition).test(record::get);
  }

  @Test
  void equalsIsCaseInsensitiveAndTrimmed() {
    assertThat(eval("stage = Customer", "stage", "  customer ")).isTrue();
    assertThat(eval("stage = customer", "stage", "lead")).isFalse();
    assertThat(eval("STAGE = customer", "stage", "customer")).isFalse();
    assertThat(eval("stage = \" customer \"", "stage", "CUSTOMER")).isTrue();
  }

  @Test
  void absentFieldIsTheEmptyString() {
    assertThat(eval("x = \"\"")).isTrue();
    assertThat(eval("x = ''")).isTrue();
    assertThat(eval("x != a")).isTrue();
    assertThat(eval("x = a")).isFalse();
    assertThat(eval("x is empty")).isTrue();
    assertThat(eval("x is not empty")).isFalse();
    assertThat(eval("x is empty", "x", "   ")).isTrue();
    assertThat(eval("x contains \"\"")).isTrue();
    assertThat(eval("x in (a, \"\")")).isTrue();
    assertThat(eval("x in (a, b)")).isFalse();
    assertThat(eval("x starts-with a")).isFalse();
  }

  @Test
  void multiValuedFieldsMatchAnyValueForEqualsAndIn() {
    assertThat(eval("tags = b", "tags", "a; B ;c")).isTrue();
    assertThat(eval("tags = \"a;b\"", "tags", "a;b")).isFalse();
    assertThat(eval("tags != b", "tags", "a;b")).isFalse();
    assertThat(eval("tags != d", "tags", "a;b")).isTrue();
    assertThat(eval("tags in (x, c)", "tags", "a;b;c")).isTrue();
    assertThat(eval("tags in (x, y)", "tags", "a;b;c")).isFalse();
    assertThat(eval("tags is empty", "tags", " ; ")).isTrue();
    assertThat(eval("tags = \"\"", "tags", "a;")).isFalse();
  }

  @Test
  void containsStartsAndEndsWorkOnTheWholeString() {
    assertThat(eval("tags contains \"a;b\"", "tags", "x;A;B")).isTrue();
    assertThat(eval("email ends-with @Example.com", "email", "ada@example.COM ")).isTrue();
    assertThat(eval("email starts-with ada", "email", " Ada@x.org")).isTrue();
    assertThat(eval("email starts-with bob", "email", "ada@x.org")).isFalse();
    assertThat(eval("name contains 'love'", "name", "Ada Lovelace")).isTrue();
    assertThat(eval("name contains 'hate'", "name", "Ada Lovelace")).isFalse();
  }

  @Test
  void andBindsTighterThanOr() {
    String c = "a = 1 or b = 1 and c = 1";
    assertThat(eval(c, "a", "1")).isTrue();
    assertThat(eval(c, "b", "1")).isFalse();
    assertThat(eval(c, "b", "1", "c", "1")).isTrue();
    assertThat(eval("(a = 1 or b = 1) and c = 1", "a", "1")).isFalse();
    assertThat(ConditionParser.parse(c)).hasToString("a = 1 or b = 1 and c = 1");
    assertThat(ConditionParser.parse("(a = 1 or b = 1) and c = 1"))
        .hasToString("(a = 1 or b = 1) and c = 1");
  }

  @Test
  void notAppliesToTheNextComparisonOrGroup() {
    assertThat(eval("not a = 1 and b = 1", "b", "1")).isTrue();
    assertThat(eval("not (a = 1 and b = 1)", "a", "1", "b", "1")).isFalse();
    assertThat(eval("NOT NOT a = 1", "a", "1")).isTrue();
    assertThat(ConditionParser.parse("not(a=1 or b=2)")).hasToString("not (a = 1 or b = 2)");
  }

  @Test
  void keywordsAreCaseInsensitive() {
    Condition c =
        ConditionParser.parse(
            "a CONTAINS x AND b Starts-With y OR NOT c ENDS-WITH z Or d IS NOT EMPTY"
                + " and e Is Empty or f IN (1,2)");
    assertThat(c)
        .hasToString(
            "a contains x and b starts-with y or not c ends-with z or d is not empty and e is"
                + " empty or f in (1, 2)");
  }

  @Test
  void quotedValuesKeepSpacesAndEscapes() {
    assertThat(eval("city = \"New York\"", "city", "new york")).isTrue();
    assertThat(eval("name = 'O\\'Brien'", "name", "o'brien")).isTrue();
    assertThat(eval("name = \"say \\\"hi\\\"\"", "name", "say \"hi\"")).isTrue();
    assertThat(eval("path = 'C:\\\\dir'", "path", "c:\\dir")).isTrue();
    assertThat(eval("path = 'C:\\dir'", "path", "c:\\dir")).isTrue();
    assertThat(eval("name = O'Brien", "name", "O'Brien")).isTrue();
    assertThat(eval("x in ('a, b', \"c)\")", "x", "c)")).isTrue();
  }

  @Test
  void quotedFieldNamesAllowSpaces() {
    Condition c = ConditionParser.parse("\"First Name\" = Ada and `job title` is empty");
    assertThat(c.fields()).containsExactly("First Name", "job title");
    assertThat(c.test(Map.of("First Name", "ada")::get)).isTrue();
    assertThat(c).hasToString("`First Name` = Ada and `job title` is empty");
  }

  @Test
  void fieldNamesAllowDotsDashesUnderscoresAndDigits() {
    Condition c = ConditionParser.parse("address.city-2_x = Berlin");
    assertThat(c.fields()).containsExactly("address.city-2_x");
    assertThat(c.test(Map.of("address.city-2_x", "berlin")::get)).isTrue();
  }

  @Test
  void equalsNeedsNoSpaces() {
    assertThat(eval("a=1", "a", "1")).isTrue();
    assertThat(eval("a!=1", "a", "2")).isTrue();
    assertThat(eval("a!=1", "a", "1")).isFalse();
  }

  @Test
  void fieldsListsEachNameOnceInOrder() {
    Condition c = ConditionParser.parse("b = 1 or (a = 2 and not b in (3)) or c is empty");
    assertThat(c.fields()).containsExactly("b", "a", "c");
  }

  @Test
  void toStringQuotesWhatABareWordCannotHold() {
    assertThat(ConditionParser.parse("x = 'a b'")).hasToString("x = \"a b\"");
    assertThat(ConditionParser.parse("x = ''")).hasToString("x = \"\"");
    assertThat(ConditionParser.parse("x = 'and'")).hasToString("x = \"and\"");
    assertThat(ConditionParser.parse("x = 'it\\'s'")).hasToString("x = \"it's\"");
    assertThat(ConditionParser.parse("`not` = 1")).hasToString("`not` = 1");
    assertThat(ConditionParser.parse("x   in(  a ,b  )")).hasToString("x in (a, b)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          lifecyclestage =             | expected a value after '=' at column 17
          email equals x               | unknown operator 'equals' at column 7; use =, !=, contains, starts-with, ends-with, is empty, is not empty, in (…)
          a == b                       | unknown operator '==' at column 3
          a                            | expected an operator after 'a' at column 2
          a = 1 and                    | expected a condition after 'and' at column 10
          a = 1 or                     | expected a condition after 'or' at column 9
          not                          | expected a condition after 'not' at column 4
          (a = 1                       | expected ')' to close the '(' from column 1 at column 7
          a = 1)                       | unmatched ')' at column 6
          a = 1 b = 2                  | unexpected 'b' at column 7; expected 'and', 'or' or the end of the condition
          city = New York              | unexpected 'York' at column 12
          a = 1, 2                     | unexpected ',' at column 6; to match one of several values write: field in (v1, v2)
          a in DE                      | expected '(' after 'in' but found 'DE' at column 6
          a in ()                      | expected a value after '(' but found ')' at column 7
          a in (x,)                    | expected a value after ',' but found ')' at column 9
          a in (x y)                   | expected ',' or ')' in the list but found 'y' at column 9
          a in (x                      | expected ',' or ')' to close the list opened at column 6 at column 8
          a is                         | expected 'empty' after 'is' but found the end at column 5
          a is not full                | expected 'empty' after 'is not' but found 'full' at column 10
          a = "open                    | unterminated text starting at column 5; close it with \"
          "open = 1                    | unterminated field name starting at column 1
          = 1                          | expected a field name but found '=' at column 1
          a = and                      | expected a value after '=' but found 'and' at column 5; put it in quotes
          a not in (x)                 | unknown operator 'not' at column 3; to negate a comparison put 'not' before it
          )                            | expected a condition but found ')' at column 1
          a = 1 and (b = 2 c)          | unexpected 'c' at column 18; expected 'and', 'or' or ')'
          """)
  void syntaxErrorsSayWhereAndWhat(String text, String message) {
    assertThatThrownBy(() -> ConditionParser.parse(text))
        .isInstanceOf(RuleSyntaxException.class)
        .hasMessageStartingWith(message)
        .satisfies(
            e -> {
              String col = message.replaceAll(".* at column (\\d+).*", "$1");
              assertThat(((RuleSyntaxException) e).column()).isEqualTo(Integer.parseInt(col));
            });
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "lifecyclestage = customer",
        "lifecyclestage in (customer, evangelist) and country = DE",
        "email ends-with @example.com or email ends-with @example.org",
        "not (tags = internal or tags = test)",
        "\"Lead Source\" != 'Cold call' and phone is not empty",
        "company is empty and email is not empty",
        "country in (DE, AT, CH) and email is not empty",
        "stage = closed-won",
        "name = 'Smith, Jones & Co'",
        "`Job title` contains engineer",
        "address.city = Berlin or hs_lead_status = NEW"
      })
  void examplesFromTheDocsParseAndRoundTrip(String example) {
    Condition c = ConditionParser.parse(example);
    assertThat(ConditionParser.parse(c.toString())).isEqualTo(c);
  }

  @Test
  void docsPrecedenceExample() {
    String c = "stage = won or stage = open and amount is not empty";
    assertThat(eval(c, "stage", "won")).isTrue();
    assertThat(eval(c, "stage", "open")).isFalse();
    assertThat(eval(c, "stage", "open", "amount", "5")).isTrue();
  }

  @Test
  void blankConditionIsRejected() {
    for (String blank : new String[] {null, "", "   "}) {
      assertThatThrownBy(() -> ConditionParser.parse(blank))
          .isInstanceOf(RuleSyntaxException.class)
          .hasMessageContaining("empty");
    }
  }
}
