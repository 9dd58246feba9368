package dev.tandem.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in real headless Chromium against a real server, store and sync engine: one browser
 * for the class; the tests run in order because they share the connection's state.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
  @TempDir static Path dir;
  static DashboardFixture fx;
  static WebDriver driver;
  static WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    fx = new DashboardFixture(dir);
    driver = Browser.start();
    wait = new WebDriverWait(driver, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (fx != null) {
      fx.close();
    }
  }

  @BeforeEach
  void wideWindow() {
    driver.manage().window().setSize(new Dimension(1280, 900));
  }

  static void open(String path) {
    driver.get(fx.url(path));
    if (driver.getCurrentUrl().contains("/login")) {
      logIn();
      driver.get(fx.url(path));
    }
  }

  static void logIn() {
    driver.findElement(By.id("user")).sendKeys("admin");
    driver.findElement(By.id("password")).sendKeys(DashboardFixture.PASSWORD);
    driver.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.urlContains("/connections"));
  }

  /** Saves what the browser shows to target/screenshots, for a look at the layout. */
  static void shot(String name) {
    try {
      Path out = Path.of("target", "screenshots");
      java.nio.file.Files.createDirectories(out);
      byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
      java.nio.file.Files.write(out.resolve(name + ".png"), png);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Clicks a button that submits a form and waits until the browser shows the answer, so that what
   * follows never reads the page the click came from.
   */
  static void submitAndWaitForNextPage(By button) {
    WebElement before = driver.findElement(By.tagName("main"));
    driver.findElement(button).click();
    wait.until(d -> isGone(before));
  }

  /**
   * Whether an element's page has been replaced. Chromium sometimes answers a question about an
   * element of a page it is replacing with "Node with given id does not belong to the document"
   * instead of a stale-element error; {@code ExpectedConditions.stalenessOf} let that escape, and
   * the test failed now and then although the next page came.
   */
  static boolean isGone(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (StaleElementReferenceException e) {
      return true;
    } catch (WebDriverException e) {
      if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
        return true;
      }
      throw e;
    }
  }

  static By row(String connection) {
    return By.cssSelector("tr[data-connection='" + connection + "']");
  }

  static String text(By by) {
    return driver.findElement(by).getText();
  }

  @Test
  @Order(1)
  void logsInAndSeesTheConnectionsWithTheirState() {
    driver.get(fx.url("/connections"));
    assertThat(driver.getCurrentUrl()).endsWith("/login");
    driver.findElement(By.id("user")).sendKeys("admin");
    driver.findElement(By.id("password")).sendKeys("wrong password");
    submitAndWaitForNextPage(By.id("login"));
    assertThat(text(By.cssSelector(".error"))).contains("Wrong user name or password");

    driver.findElement(By.id("password")).sendKeys(DashboardFixture.PASSWORD);
    driver.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.urlContains("/connections"));

    By state = By.cssSelector("tr[data-connection='people'] .badge");
    assertThat(driver.findElement(state).getAttribute("data-state")).isEqualTo("listening");
    assertThat(text(By.cssSelector("tr[data-connection='people'] .last-run")))
        .isNotEqualTo("never");
    assertThat(text(By.cssSelector("tr[data-connection='people'] .counts")))
        .contains("initial")
        .contains("created")
        .contains("1 failed");
    assertThat(text(row("people"))).contains("left (memory)").contains("right (memory)");
    assertThat(text(By.cssSelector("tr[data-connection='people'] a.failing-now")))
        .isEqualTo("1 failing now");
    shot("connections");
  }

  @Test
  @Order(2)
  void healthPageShowsAFailingRecordsReasonAndRetriesIt() {
    open("/connections");
    driver.findElement(By.cssSelector("tr[data-connection='people'] a[href$='/health']")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.filter-failing"))).click();
    wait.until(ExpectedConditions.urlContains("state=failing"));
    assertThat(driver.getCurrentUrl()).endsWith("/connections/people/health?state=failing");
    By failing = By.cssSelector("tr.state-row-failing");
    wait.until(ExpectedConditions.visibilityOfElementLocated(failing));
    WebElement entry = driver.findElement(failing);
    assertThat(entry.findElement(By.cssSelector(".reason")).getText())
        .contains(DashboardFixture.REFUSAL);
    assertThat(entry.getText()).contains("carol@example.com");
    shot("health");

    submitAndWaitForNextPage(By.cssSelector("tr.state-row-failing button.retry"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice")));
    assertThat(text(By.cssSelector(".notice"))).contains("has just been started");
    // B still refuses Carol: the retry ran and she is failing again, with one more attempt. The
    // run goes on in the sync service after the page answered, so look again until it is done.
    By attempts = By.cssSelector("tr.state-row-failing td[data-label='Attempts']");
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(
            d -> {
              d.navigate().refresh();
              return d.findElements(attempts).stream().anyMatch(e -> e.getText().equals("2"));
            });
    assertThat(text(attempts)).isEqualTo("2");
    assertThat(text(By.cssSelector("tr.state-row-failing .reason")))
        .contains(DashboardFixture.REFUSAL);
  }

  @Test
  @Order(3)
  void aContactNamedWithAScriptTagIsShownAsText() {
    open("/connections/people/activity");
    By changed = By.xpath("//span[@class='to' and text()='" + DashboardFixture.SCRIPT + "']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(changed));
    assertThat(driver.findElement(changed).isDisplayed()).isTrue();
    shot("activity");
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    assertThat(driver.findElements(By.xpath("//main//script"))).isEmpty();
  }

  @Test
  @Order(4)
  void theSyncNowButtonRunsTheConnection() {
    open("/connections");
    int runsBefore = fx.store.runs(fx.id("people"), 100).size();
    fx.left.edit(ObjectType.CONTACT, fx.alice, Map.of("lastName", "Arrow"));
    driver.findElement(By.cssSelector("tr[data-connection='people'] button.sync-now")).click();
    // The run goes on in the sync service; the rows refresh every 2 s and show it once it ended.
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("tr[data-connection='people'] .counts"), "incremental: 1 updated"));
    assertThat(fx.store.runs(fx.id("people"), 100)).hasSize(runsBefore + 1);
    assertThat(bRecord("alice@example.com").get("lastName")).isEqualTo("Arrow");
  }

  @Test
  @Order(5)
  void aMappingDirectionChangeIsFollowedByTheNextRun() {
    open("/connections/people");
    WebElement phone = driver.findElement(By.cssSelector("#object-contact tr[data-key='phone']"));
    assertThat(phone.getText()).contains("phone");
    Select direction = new Select(phone.findElement(By.cssSelector("select.direction")));
    assertThat(direction.getFirstSelectedOption().getAttribute("value")).isEqualTo("both");
    direction.selectByValue("a-to-b");
    submitAndWaitForNextPage(By.cssSelector("#object-contact button.save-mappings"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice")));
    assertThat(
            new Select(
                    driver.findElement(
                        By.cssSelector("#object-contact tr[data-key='phone'] select.direction")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo("a-to-b");
    assertThat(text(By.cssSelector("#object-contact tr[data-key='phone']"))).contains("changed");

    // Edited on B: with phone a-to-b the value must not reach A. Edited on A: it still reaches B.
    Record bobInB = bRecord("bob@example.com");
    fx.right.edit(
        ObjectType.CONTACT, bRecord("alice@example.com").id(), Map.of("phone", "+1 555 0199"));
    fx.left.edit(
        ObjectType.CONTACT, aRecord("bob@example.com").id(), Map.of("phone", "+1 555 0142"));
    open("/connections");
    driver.findElement(By.cssSelector("tr[data-connection='people'] button.sync-now")).click();
    wait.until(d -> fx.right.get(ObjectType.CONTACT, bobInB.id()).get("phone") != null);
    assertThat(fx.left.get(ObjectType.CONTACT, fx.alice).get("phone")).isEqualTo("+1 555 0100");
    assertThat(fx.right.get(ObjectType.CONTACT, bobInB.id()).get("phone")).isEqualTo("+1 555 0142");
  }

  @Test
  @Order(6)
  void theRuleEditorShowsTheParsersMessageAndAddsAndRemovesRules() {
    open("/connections/people");
    WebElement form = driver.findElement(By.cssSelector("#object-contact form.rule-form"));
    form.findElement(By.name("when")).sendKeys("lastName == Arrow");
    // As typed, htmx asks the server to check the condition.
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#rule-check-contact"), "column"));
    submitAndWaitForNextPage(By.cssSelector("#object-contact button.add-rule"));
    By error = By.cssSelector("#object-contact .rule-error");
    wait.until(ExpectedConditions.visibilityOfElementLocated(error));
    assertThat(text(error)).startsWith("bad condition:").contains("column");
    shot("editor");
    // What was typed is kept.
    assertThat(
            driver
                .findElement(By.cssSelector("#object-contact input[name='when']"))
                .getAttribute("value"))
        .isEqualTo("lastName == Arrow");

    WebElement when = driver.findElement(By.cssSelector("#object-contact input[name='when']"));
    when.clear();
    when.sendKeys("email ends-with example.com");
    submitAndWaitForNextPage(By.cssSelector("#object-contact button.add-rule"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice")));
    assertThat(text(By.cssSelector("#object-contact ol.rules")))
        .contains("email ends-with example.com");
    assertThat(
            fx.context.catalog().connection("default", "people").parsed().objects().get(0).rules())
        .hasSize(1);

    submitAndWaitForNextPage(By.cssSelector("#object-contact button.remove-rule"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice")));
    assertThat(driver.findElements(By.cssSelector("#object-contact li.rule"))).isEmpty();
    assertThat(
            fx.context.catalog().connection("default", "people").parsed().objects().get(0).rules())
        .isEmpty();
  }

  @Test
  @Order(7)
  void pauseAndResumeFlipTheLiveState() {
    open("/connections");
    driver.findElement(By.cssSelector("tr[data-connection='people'] button.pause")).click();
    By badge = By.cssSelector("tr[data-connection='people'] .badge[data-state='paused']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(badge));
    driver.findElement(By.cssSelector("tr[data-connection='people'] button.resume")).click();
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("tr[data-connection='people'] .badge[data-state='listening']")));
  }

  @Test
  @Order(8)
  void theRunHistoryChartsEveryRunAndFitsAPhoneScreen() {
    open("/connections/people/runs");
    int runs = driver.findElements(By.cssSelector("tr.run-row")).size();
    assertThat(runs).isGreaterThanOrEqualTo(4);
    assertThat(driver.findElements(By.cssSelector("svg.run-chart rect.bar-records"))).hasSize(runs);
    assertThat(driver.findElements(By.cssSelector("svg.run-chart rect.bar-calls"))).hasSize(runs);
    shot("runs");

    driver.manage().window().setSize(new Dimension(390, 844));
    for (String path :
        List.of(
            "/connections",
            "/connections/people",
            "/connections/people/health",
            "/connections/people/activity",
            "/connections/people/runs",
            "/accounts",
            "/new-connection",
            "/tokens")) {
      open(path);
      Object overflow =
          ((JavascriptExecutor) driver)
              .executeScript(
                  "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
      assertThat(((Number) overflow).intValue())
          .as("horizontal overflow of %s", path)
          .isLessThanOrEqualTo(0);
      shot("phone" + path.replace('/', '-'));
    }
  }

  static Record aRecord(String email) {
    return fx.left.all(ObjectType.CONTACT).stream()
        .filter(r -> email.equals(r.get("email")))
        .findFirst()
        .orElseThrow();
  }

  static Record bRecord(String email) {
    return fx.right.all(ObjectType.CONTACT).stream()
        .filter(r -> email.equals(r.get("email")))
        .findFirst()
        .orElseThrow();
  }
}
