package org.wuzhen.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.wuzhen.demo.GovernanceDemo;
import org.wuzhen.federation.Decision;
import org.wuzhen.federation.ExportPolicy;
import org.wuzhen.federation.Federation;
import org.wuzhen.store.CollectionId;

/**
 * The console in a real browser (Debian's headless Chromium) against a real node on loopback: one
 * browser for the class, a fresh login per test.
 */
class ConsoleBrowserTest {
  @TempDir static Path dir;
  static Community community;
  static Browser browser;

  @BeforeAll
  static void start() {
    community = new Community(dir);
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    try {
      browser.close();
    } finally {
      community.close();
    }
  }

  @BeforeEach
  void loggedOut() {
    browser.driver.manage().deleteAllCookies();
  }

  private String url(String path) {
    return community.node.uri().resolve(path).toString();
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser.driver, Duration.ofSeconds(20));
  }

  /** An element of the page, waited for (a navigation may still be under way). */
  private WebElement find(By by) {
    return waiting().until(ExpectedConditions.presenceOfElementLocated(by));
  }

  private void logIn(String user) {
    browser.driver.get(url("ui/"));
    waiting().until(ExpectedConditions.urlContains("/ui/login/"));
    find(By.id("user")).sendKeys(user);
    find(By.id("password")).sendKeys(community.password(user));
    find(By.id("login")).click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("logout")));
  }

  @Test
  void logsInShowsHomeWithHtmxLoadedAndLogsOut() {
    logIn("alice");
    assertThat(find(By.className("who")).getText()).isEqualTo("alice · cert-nat");
    // htmx and the console script ran: the policy allows the node's own script files.
    assertThat(browser.driver.executeScript("return typeof htmx")).isEqualTo("object");
    assertThat(find(By.id("open-proposals")).getText())
        .contains("Raise the minimum confidence to 60");
    browser.screenshot("home");
    find(By.id("logout")).click();
    waiting().until(ExpectedConditions.urlContains("/ui/login/"));
    browser.driver.get(url("ui/"));
    waiting().until(ExpectedConditions.urlContains("/ui/login/"));
  }

  @Test
  void aFormWithAForgedCsrfTokenIsRefused() {
    logIn("bob");
    browser.driver.get(url("ui/search/"));
    find(By.tagName("summary")).click();
    browser.driver.executeScript(
        "document.querySelector('#bulk input[name=csrf]').value = 'forged'");
    find(By.id("values")).sendKeys(Community.KNOWN_IP);
    find(By.id("bulk-lookup")).click();
    WebElement error =
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("error-message")));
    assertThat(error.getText()).contains("CSRF token does not match your session");
  }

  @Test
  void exactAndBulkLookupsAnswerInTheBrowser() {
    logIn("carol");
    browser.driver.get(url("ui/search/"));
    find(By.id("q")).sendKeys(Community.KNOWN_IP);
    // htmx swaps the answers into the page: the page itself is not reloaded.
    browser.driver.executeScript("window.samePage = true");
    find(By.id("lookup")).click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("answers")));
    assertThat(find(By.cssSelector("#answers .tag")).getText()).isEqualTo("known");
    assertThat(browser.driver.executeScript("return window.samePage")).isEqualTo(true);
    assertThat(browser.driver.getCurrentUrl()).contains("q=" + Community.KNOWN_IP);

    browser.driver.get(url("ui/search/"));
    find(By.tagName("summary")).click();
    find(By.id("values")).sendKeys(Community.KNOWN_IP + "\n203.0.113.250\n" + Community.HOSTILE_ID);
    find(By.id("bulk-lookup")).click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("search-message")));
    assertThat(find(By.id("search-message")).getText()).isEqualTo("2 of 3 values known");
    List<String> answers =
        browser.driver.findElements(By.cssSelector("#answers .tag")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(answers).containsExactly("known", "unknown", "known");
    browser.screenshot("search-bulk");
  }

  @Test
  void fullTextSearchWithFiltersOpensTheObjectInTheBrowser() {
    logIn("alice");
    browser.driver.get(url("ui/"));
    WebElement box = find(By.cssSelector("input[name=words]"));
    box.sendKeys("suspected c2");
    box.submit();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("hits")));
    new org.openqa.selenium.support.ui.Select(find(By.id("filter-consensus")))
        .selectByValue("disagree");
    find(By.id("text-submit")).click();
    waiting().until(ExpectedConditions.urlContains("consensus=disagree"));
    browser.screenshot("text-search");
    find(By.linkText("Suspected C2 server")).click();
    waiting().until(ExpectedConditions.urlContains(GovernanceDemo.DISPUTED_INDICATOR));
    assertThat(find(By.tagName("h1")).getText()).contains("Suspected C2 server");

    browser.driver.get(url("ui/search/text/?words=script+pwned"));
    assertThat(browser.driver.executeScript("return typeof window.pwned")).isEqualTo("undefined");
    assertThat(find(By.id("hits")).getText()).contains(Community.SCRIPT);
  }

  @Test
  void theDisputedIndicatorShowsConsensusDisputeAndThePolicyExplanation() {
    logIn("alice");
    browser.driver.get(url("ui/objects/" + GovernanceDemo.DISPUTED_INDICATOR + "/"));
    assertThat(find(By.tagName("h1")).getText()).contains("Suspected C2 server");
    assertThat(find(By.id("dispute-state")).getText()).isNotBlank();
    assertThat(find(By.id("consensus-average")).getText()).isNotBlank();
    Map<CollectionId, Decision> cli =
        Federation.explain(
            community.node.store(),
            ExportPolicy.DEFAULT,
            community.federation.peers().getFirst(),
            GovernanceDemo.DISPUTED_INDICATOR,
            community.governance::withholding);
    assertThat(
            browser.driver.findElements(By.cssSelector("li.decision")).stream()
                .map(WebElement::getText)
                .toList())
        .containsExactlyElementsOf(
            cli.entrySet().stream()
                .map(
                    e ->
                        e.getValue()
                            .sentence(
                                GovernanceDemo.DISPUTED_INDICATOR,
                                "partner",
                                e.getKey().toString()))
                .toList());
    browser.screenshot("object");
  }

  @Test
  void hostileTextFromAnotherMemberStaysText() {
    logIn("alice");
    browser.driver.get(url("ui/objects/" + Community.HOSTILE_ID + "/"));
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("properties")));
    assertThat(browser.driver.executeScript("return typeof window.pwned")).isEqualTo("undefined");
    assertThat(browser.driver.findElements(By.cssSelector("main script, main img"))).isEmpty();
    assertThat(browser.driver.findElements(By.cssSelector("a[href^='javascript']"))).isEmpty();
    assertThat(find(By.tagName("h1")).getText()).contains(Community.SCRIPT);
    assertThat(find(By.id("properties")).getText()).contains(Community.HANDLER);
    browser.screenshot("hostile");
  }

  @Test
  void aVoteSignedInTheBrowserIsCountedAndOneSignedWithAnotherMembersKeyIsRefused() {
    String proposal = community.governance.proposals().getFirst().proposal().id();
    assertThat(community.governance.proposal(proposal).orElseThrow().outcome().ballots())
        .doesNotContainKey("corp-soc");
    logIn("carol");
    browser.driver.get(url("ui/governance/"));
    String form = "#proposal-" + proposal + " form.vote ";
    find(By.cssSelector(form + "input.key-file"))
        .sendKeys(community.keyFile("alice").toAbsolutePath().toString());
    find(By.cssSelector(form + "button.sign-vote")).click();
    WebElement refused =
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("error-message")));
    assertThat(refused.getText()).contains("another member's key");
    assertThat(community.governance.proposal(proposal).orElseThrow().outcome().ballots())
        .doesNotContainKey("corp-soc");

    browser.driver.get(url("ui/governance/"));
    find(By.cssSelector(form + "input.key-file"))
        .sendKeys(community.keyFile("carol").toAbsolutePath().toString());
    new org.openqa.selenium.support.ui.Select(find(By.cssSelector(form + "select[name=choice]")))
        .selectByValue("yes");
    find(By.cssSelector(form + "button.sign-vote")).click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("governance-message")));
    assertThat(community.governance.proposal(proposal).orElseThrow().outcome().ballots())
        .containsEntry("corp-soc", org.wuzhen.governance.Vote.Choice.YES);
    List<String> ballots =
        browser
            .driver
            .findElements(By.cssSelector("#proposal-" + proposal + " table.ballots tr"))
            .stream()
            .map(WebElement::getText)
            .toList();
    assertThat(ballots).contains("corp-soc yes");
    browser.screenshot("governance");
  }

  @Test
  void anUploadedBundlesInvalidObjectIsShownWithItsFieldPathThenTheValidOneIsPublished()
      throws Exception {
    String good = "indicator--7a1c0e55-3f7b-4c1e-9a52-0d3b6c9e8f10";
    String bad = "malware--2b8e6c1d-5a4f-4e3b-8d7c-6f5e4d3c2b1a";
    Path file = dir.resolve("upload.json");
    java.nio.file.Files.writeString(
        file,
        """
        {"type":"bundle","id":"bundle--5d2e3c4b-1a09-4f8e-b7d6-c5b4a3928170","objects":[
         {"type":"indicator","spec_version":"2.1","id":"%s","created":"2026-01-01T00:00:00.000Z",
          "modified":"2026-01-01T00:00:00.000Z","name":"uploaded","pattern":"[ipv4-addr:value = '192.0.2.1']",
          "pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"},
         {"type":"malware","spec_version":"2.1","id":"%s","created":"2026-01-01T00:00:00.000Z",
          "modified":"2019-01-01T00:00:00.000Z","name":"broken","is_family":false}]}"""
            .formatted(good, bad));
    logIn("alice");
    browser.driver.get(url("ui/import/"));
    new org.openqa.selenium.support.ui.Select(find(By.id("import-collection")))
        .selectByVisibleText("Community shared");
    find(By.id("bundle-file")).sendKeys(file.toAbsolutePath().toString());
    waiting().until(d -> !find(By.id("bundle")).getDomProperty("value").isEmpty());
    find(By.id("preview")).click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("findings")));
    List<String> paths =
        browser.driver.findElements(By.cssSelector("tr.finding.error code.path")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(paths).contains("objects[1].modified");
    browser.screenshot("import-preview");
    find(By.id("publish")).click();
    WebElement message =
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("import-message")));
    assertThat(message.getText()).isEqualTo("1 stored, 1 refused");
    assertThat(find(By.id("import-results")).getText())
        .contains("stored " + good, "refused " + bad);
  }

  @Test
  void anOpinionSignedInTheBrowserCountsInTheConsensus() {
    logIn("bob");
    browser.driver.get(url("ui/objects/" + Community.HOSTILE_ID + "/"));
    new org.openqa.selenium.support.ui.Select(find(By.cssSelector("#opinion-form select")))
        .selectByValue("agree");
    find(By.cssSelector("#opinion-form input.key-file"))
        .sendKeys(community.keyFile("bob").toAbsolutePath().toString());
    find(By.id("give-opinion")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("consensus"), "isac-energy"));
    assertThat(find(By.id("consensus")).getText()).contains("isac-energy +1");
  }
}
