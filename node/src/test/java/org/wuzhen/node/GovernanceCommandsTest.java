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
import org.wuzhen.demo.GovernanceDemo;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.TaxiiClient;
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

  /** As {@link #as}, signing with the i-th demo member's key (demo-credentials.json key_file). */
  CliRun signedAs(int user, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--key", keyFile(user)));
    return as(user, all.toArray(String[]::new));
  }

  String keyFile(int user) {
    return ((JsonObject) credentials.get(user)).string("key_file").orElseThrow();
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
    CliRun propose =
        signedAs(1, "propose", "--patch", patch.toString(), "--title", "Shorter lifetime");
    assertThat(propose.exitCode()).as(propose.err()).isZero();
    String id = propose.out().split(" ")[1];
    assertThat(id).startsWith("x-wuzhen-proposal--");
    CliRun vote = signedAs(2, "vote", id, "abstain");
    assertThat(vote.exitCode()).as(vote.err()).isZero();
    assertThat(as(0, "proposals", "list").out())
        .contains("Shorter lifetime", "yes 0 no 0 abstain 1");
  }

  @Test
  void badProposalsAndVotesAreRefusedWithTheRuleNamed() throws Exception {
    Path patch = data.resolve("bad-patch.json");
    Files.writeString(patch, "{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":150}]}");
    CliRun propose = signedAs(0, "propose", "--patch", patch.toString(), "--title", "Too high");
    assertThat(propose.exitCode()).isEqualTo(1);
    assertThat(propose.err()).contains("publish.min_confidence", "out of range 0..100");
    CliRun vote =
        signedAs(0, "vote", "x-wuzhen-proposal--00000000-0000-4000-8000-000000000000", "yes");
    assertThat(vote.exitCode()).isEqualTo(1);
    assertThat(vote.err()).contains("no proposal");
    assertThat(
            as(0, "vote", "x-wuzhen-proposal--00000000-0000-4000-8000-000000000000", "maybe").err())
        .contains("'maybe' is not yes, no or abstain");
  }

  @Test
  void theDemoMembersSignWithTheirOwnKeysAndTheNodeShowsIt() throws Exception {
    Path key = Path.of(keyFile(0));
    assertThat(Files.getPosixFilePermissions(key))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    CliRun charter = as(0, "charter", "show");
    assertThat(charter.out()).contains("member_signatures", "\"required\"", "key ");
    CliRun object = as(1, "object", "show", GovernanceDemo.DISPUTED_INDICATOR);
    assertThat(object.out()).contains("signatures (1 version(s)):", "valid, by cert-nat (key ");
  }

  @Test
  void publishingWithoutAKeyIsStoppedBeforeItReachesTheNode() throws Exception {
    Path patch = data.resolve("unsigned-patch.json");
    Files.writeString(patch, "{\"set\":[{\"rule\":\"indicator.lifetime_days\",\"value\":60}]}");
    CliRun propose = as(2, "propose", "--patch", patch.toString(), "--title", "Unsigned");
    assertThat(propose.exitCode()).isEqualTo(1);
    assertThat(propose.err())
        .contains("--key: charter v", "requires member signatures", "WUZHEN_MEMBER_KEY");
    assertThat(as(0, "proposals", "list").out()).doesNotContain("Unsigned");
  }

  @Test
  void aVoteSignedWithAnotherMembersKeyIsRefusedByTheNode() throws Exception {
    Path patch = data.resolve("forged-patch.json");
    Files.writeString(patch, "{\"set\":[{\"rule\":\"indicator.lifetime_days\",\"value\":45}]}");
    CliRun propose = signedAs(0, "propose", "--patch", patch.toString(), "--title", "Forgery bait");
    assertThat(propose.exitCode()).as(propose.err()).isZero();
    String id = propose.out().split(" ")[1];
    List<String> args = new ArrayList<>(List.of("vote", id, "no", "--key", keyFile(0)));
    CliRun forged = as(2, args.toArray(String[]::new));
    assertThat(forged.exitCode()).isEqualTo(1);
    assertThat(forged.err()).contains("refused", "not authentic");
    assertThat(signedAs(2, "vote", id, "no").exitCode()).isZero();
  }

  @Test
  void aMemberDisputesAnIndicatorAsAFalsePositive() {
    CliRun dispute =
        signedAs(0, "dispute", GovernanceDemo.DISPUTED_INDICATOR, "--reason", "also ours");
    assertThat(dispute.exitCode()).as(dispute.err()).isZero();
    assertThat(dispute.out()).contains("reported", "dispute: upheld");
  }

  /** The demo's shared collection, read over TAXII as the first demo user. */
  private String sharedCollectionUrl() throws Exception {
    JsonObject c = (JsonObject) credentials.get(0);
    TaxiiClient client =
        TaxiiClient.builder(java.net.URI.create(url))
            .credentials(
                Credentials.basic(
                    c.string("user").orElseThrow(), c.string("password").orElseThrow()))
            .build();
    return client.collections("community").stream()
        .filter(collection -> collection.alias().filter("shared"::equals).isPresent())
        .map(collection -> url + "community/collections/" + collection.id() + "/")
        .findFirst()
        .orElseThrow(() -> new AssertionError("no shared collection"));
  }

  @Test
  void detectionAgainstTheNodeLeavesOutTheIndicatorTheCommunityDisputed() throws Exception {
    // Telemetry that shows the disputed address, after the indicator became valid.
    double ts = Instant.now().plusSeconds(3600).toEpochMilli() / 1000.0;
    Path log = data.resolve("conn.log");
    Files.writeString(
        log,
        "{\"_path\":\"conn\",\"ts\":"
            + ts
            + ",\"id.orig_h\":\"192.0.2.10\",\"id.resp_h\":\"203.0.113.66\"}\n");
    JsonObject c = (JsonObject) credentials.get(0);
    CliRun detect =
        CliRun.of(
            "detect",
            "--indicators",
            sharedCollectionUrl(),
            "--user",
            c.string("user").orElseThrow(),
            "--password",
            c.string("password").orElseThrow(),
            "--format",
            "zeek",
            log.toString());
    assertThat(detect.exitCode()).as(detect.err()).isZero();
    assertThat(detect.err()).contains("1 indicators excluded by the community's rules");
    assertThat(detect.out()).doesNotContain(GovernanceDemo.DISPUTED_INDICATOR);

    // The same indicator from a file, where no community rule applies, does fire on that line.
    Path bundle = data.resolve("disputed.json");
    Files.writeString(
        bundle,
        """
        {"type":"bundle","id":"bundle--0d15b07e-de30-4a11-8c2e-5b1a7e0c0de2","objects":[
        {"type":"indicator","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z",
         "modified":"2024-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '203.0.113.66']",
         "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}]}"""
            .formatted(GovernanceDemo.DISPUTED_INDICATOR));
    CliRun fromFile =
        CliRun.of("detect", "--indicators", bundle.toString(), "--format", "zeek", log.toString());
    assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
    assertThat(fromFile.out())
        .contains("\"sighting_of_ref\":\"" + GovernanceDemo.DISPUTED_INDICATOR);
  }
}
