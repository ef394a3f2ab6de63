package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import picocli.CommandLine;

/**
 * The community commands against a real demo node ({@code wuzhen serve --demo}) over HTTP: the demo
 * shows an open proposal with votes and a disputed indicator, and members propose, vote and dispute
 * through the CLI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernanceCommandsTest {
  @TempDir static Path data;
  ServeCommand serve;
  CompletableFuture<Integer> exit;
  String url;
  JsonArray credentials;

  @BeforeAll
  void startDemoNode() throws Exception {
    serve = new ServeCommand();
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(serve);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    exit =
        CompletableFuture.supplyAsync(
            () -> cli.execute("--demo", "--port", "0", "--data", data.toString()));
    Instant deadline = Instant.now().plusSeconds(60);
    Path file = data.resolve("demo/demo-credentials.json");
    while ((serve.running == null || !Files.exists(file))
        && !exit.isDone()
        && Instant.now().isBefore(deadline)) {
      Thread.onSpinWait();
    }
    assertThat(serve.running).as("node started; output: %s", out).isNotNull();
    assertThat(out.toString()).contains("community governance in collection");
    url = "http://127.0.0.1:" + serve.running.port() + "/";
    credentials = (JsonArray) Json.parse(Files.readAllBytes(file));
  }

  @AfterAll
  void stopNode() throws Exception {
    serve.stop.countDown();
    assertThat(exit.get()).isZero();
  }

  /** Runs a community command as the i-th demo user. */
  CliRun as(int user, String... args) {
    JsonObject c = (JsonObject) credentials.get(user);
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--url",
            url,
            "--user",
            c.string("user").orElseThrow(),
            "--password",
            c.string("password").orElseThrow()));
    return CliRun.of(all.toArray(String[]::new));
  }

  @Test
  void theDemoShowsAnOpenProposalWithVotesAndADisputedIndicator() {
    CliRun list = as(0, "proposals", "list");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out())
        .contains("open", "yes 1 no 1 abstain 0 of 3", "Raise the minimum confidence to 60");
    CliRun object = as(1, "object", "show", GovernanceDemo.DISPUTED_INDICATOR);
    assertThat(object.exitCode()).as(object.err()).isZero();
    assertThat(object.out())
        .contains("dispute: upheld", "false-positive report", "from 2 member(s)");
  }

  @Test
  void membersShowTheCharterProposeAndVoteThroughTheCli() throws Exception {
    CliRun charter = as(0, "charter", "show");
    assertThat(charter.exitCode()).as(charter.err()).isZero();
    assertThat(charter.out()).contains("Charter v1", "publish.min_confidence", "cert-nat");

    Path patch = data.resolve("patch.json");
    Files.writeString(patch, "{\"set\":[{\"rule\":\"indicator.lifetime_days\",\"value\":30}]}");
    CliRun propose = as(1, "propose", "--patch", patch.toString(), "--title", "Shorter lifetime");
    assertThat(propose.exitCode()).as(propose.err()).isZero();
    String id = propose.out().split(" ")[1];
    assertThat(id).startsWith("x-wuzhen-proposal--");
    CliRun vote = as(2, "vote", id, "abstain");
    assertThat(vote.exitCode()).as(vote.err()).isZero();
    assertThat(as(0, "proposals", "list").out())
        .contains("Shorter lifetime", "yes 0 no 0 abstain 1");
  }

  @Test
  void badProposalsAndVotesAreRefusedWithTheRuleNamed() throws Exception {
    Path patch = data.resolve("bad-patch.json");
    Files.writeString(patch, "{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":150}]}");
    CliRun propose = as(0, "propose", "--patch", patch.toString(), "--title", "Too high");
    assertThat(propose.exitCode()).isEqualTo(1);
    assertThat(propose.err()).contains("publish.min_confidence", "out of range 0..100");
    CliRun vote = as(0, "vote", "x-wuzhen-proposal--00000000-0000-4000-8000-000000000000", "yes");
    assertThat(vote.exitCode()).isEqualTo(1);
    assertThat(vote.err()).contains("no proposal");
    assertThat(
            as(0, "vote", "x-wuzhen-proposal--00000000-0000-4000-8000-000000000000", "maybe").err())
        .contains("'maybe' is not yes, no or abstain");
  }

  @Test
  void aMemberDisputesAnIndicatorAsAFalsePositive() {
    CliRun dispute = as(0, "dispute", GovernanceDemo.DISPUTED_INDICATOR, "--reason", "also ours");
    assertThat(dispute.exitCode()).as(dispute.err()).isZero();
    assertThat(dispute.out()).contains("reported", "dispute: upheld");
  }
}
