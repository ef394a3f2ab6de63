package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.federation.CommunityRules;
import org.wuzhen.federation.ExportPolicy;
import org.wuzhen.misp.FeedPolicy;
import org.wuzhen.misp.MispFeeds;
import org.wuzhen.stix.Json;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Member;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.Principal;
import org.wuzhen.store.StoredObject;
import org.wuzhen.taxii.testing.TestNode;

/** {@code wuzhen misp import} against a real node over loopback. */
class MispImportCommandTest {
  /** ESET's MISP exports, with their LICENSE and SOURCE (misp module's test data). */
  static final Path EVENTS = Path.of("../misp/src/test/resources/misp-events");

  static final String IDENTITY = "identity--8d6c5f2e-4b3a-4c1d-9e8f-7a6b5c4d3e2f";

  @TempDir Path dir;

  @Test
  void importsAnEventWholeAsTheMemberAndAgainWithoutNewVersions() throws IOException {
    try (TestNode node = TestNode.sqlite(Files.createDirectories(dir.resolve("node"))).start()) {
      node.store().addMember(new Member("cert", IDENTITY));
      node.user("analyst", "cert");
      String token = node.token("analyst");
      CollectionId c = node.collection("MISP", Principal.member("cert"));
      String url = node.apiRoot() + "collections/" + c + "/";
      CliRun run = importMozi(url, token);
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out())
          .contains("1 events imported, 0 refused")
          .contains(" refused by the node");
      List<StoredObject> stored = node.store().query(c, ObjectQuery.latest(10_000)).objects();
      assertThat(stored)
          .extracting(StoredObject::id)
          .contains(
              "grouping--15ebb496-c51c-4f88-b60b-aba5f806db5f",
              "identity--55f6ea5e-51ac-4344-bc8c-4170950d210f");
      int count = stored.size();
      CliRun again = importMozi(url, token);
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(node.store().query(c, ObjectQuery.latest(10_000)).objects()).hasSize(count);
    }
  }

  @Test
  void withQuietOnlyTheSummaryLineIsPrintedAndNoProgressOffATerminal() throws IOException {
    try (TestNode node = TestNode.sqlite(Files.createDirectories(dir.resolve("node"))).start()) {
      node.store().addMember(new Member("cert", IDENTITY));
      node.user("analyst", "cert");
      String token = node.token("analyst");
      CollectionId c = node.collection("MISP", Principal.member("cert"));
      String url = node.apiRoot() + "collections/" + c + "/";
      CliRun loud = importMozi(url, token);
      assertThat(loud.exitCode()).as(loud.err()).isZero();
      assertThat(loud.err()).as("no progress line when stderr is no terminal").doesNotContain("\r");
      int stored = node.store().query(c, ObjectQuery.latest(10_000)).objects().size();

      CliRun quiet = importMozi(url, token, "--quiet");
      assertThat(quiet.exitCode()).as(quiet.err()).isZero();
      assertThat(quiet.err()).isEmpty();
      // mozi's one event holds 151 attributes, all inside MISP objects.
      assertThat(quiet.out().lines().toList())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .startsWith("wuzhen misp import: 1 events imported, 0 refused; 151 attributes in ")
          .endsWith(" attributes/s); " + stored + " STIX objects sent, 0 refused by the node");
    }
  }

  @Test
  void anImportedEventComesBackAsAFeedDirectory() throws IOException {
    // ESET's events carry no TLP: a policy that counts unmarked objects as CLEAR lets them out.
    FeedPolicy policy =
        FeedPolicy.of(
            ExportPolicy.parse(
                    Json.parse("{\"unmarked_tlp\": \"clear\", \"relation\": \"community\"}"),
                    "export_policy")
                .withOwnIdentities(Set.of(IDENTITY)),
            CommunityRules.NONE);
    try (TestNode node =
        TestNode.sqlite(Files.createDirectories(dir.resolve("node")))
            .with(store -> new MispFeeds(store, () -> policy))
            .start()) {
      node.store().addMember(new Member("cert", IDENTITY));
      node.user("analyst", "cert");
      String token = node.token("analyst");
      CollectionId c = node.collection("MISP", Principal.member("cert"));
      String url = node.apiRoot() + "collections/" + c + "/";
      CliRun imported = importMozi(url, token);
      assertThat(imported.exitCode()).as(imported.err()).isZero();
      Path out = dir.resolve("feed");
      CliRun run =
          CliRun.of(
              "misp",
              "export-feed",
              "--collection",
              url,
              "--token",
              token,
              "--out",
              out.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("1 events written");
      assertThat(Files.readString(out.resolve("manifest.json")))
          .contains("15ebb496-c51c-4f88-b60b-aba5f806db5f");
      assertThat(out.resolve("15ebb496-c51c-4f88-b60b-aba5f806db5f.json")).exists();
      assertThat(Files.readAllLines(out.resolve("hashes.csv")))
          .isNotEmpty()
          .allMatch(l -> l.endsWith(",15ebb496-c51c-4f88-b60b-aba5f806db5f"));
    }
  }

  @Test
  void aMalformedFileIsRefusedWithLineAndColumnAndNothingIsSent() {
    CliRun run =
        CliRun.of(
            "misp",
            "import",
            EVENTS.resolve("eset/pypi_backdoor_malicious_pypi_packages.misp-event.json").toString(),
            "--collection",
            "http://127.0.0.1:9/api1/collections/2f9e1c42-8a4b-4c3d-9e7f-1a2b3c4d5e6f/",
            "--token",
            "x",
            "--identity",
            IDENTITY);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("refused: ").contains("malformed JSON: line 37374, col ");
  }

  @Test
  void aNodeThatCannotBeReachedStopsTheImportWithItsSummaryLine() {
    CliRun run =
        importMozi(
            "http://127.0.0.1:9/api1/collections/2f9e1c42-8a4b-4c3d-9e7f-1a2b3c4d5e6f/",
            "x",
            "--quiet");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("wuzhen misp import: --collection: ");
    assertThat(run.out().lines().toList())
        .containsExactly(
            "wuzhen misp import: stopped after 1 events, 151 attributes in "
                + run.out().replaceAll("(?s).* in ([0-9.]+) s;.*", "$1")
                + " s; 0 STIX objects sent, 0 refused by the node");
  }

  private static CliRun importMozi(String url, String token, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "misp",
                "import",
                EVENTS.resolve("mozi.misp-event.json").toString(),
                "--collection",
                url,
                "--token",
                token,
                "--identity",
                IDENTITY));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void aDryRunConvertsAndChecksEverythingAndSendsNothing() {
    CliRun run =
        CliRun.of("misp", "import", EVENTS.toString(), "--dry-run", "--identity", IDENTITY);
    // One of ESET's exports is malformed as published: refused, the others would be imported.
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out())
        .contains("refused: ")
        .contains("malformed JSON: line 37374, col ")
        .containsPattern(
            "wuzhen misp import: dry run: 45 events would be imported, 1 refused; [0-9]+ attributes"
                + " in [0-9.]+ s \\([0-9]+ attributes/s\\); [0-9]+ STIX objects checked, nothing"
                + " sent");
  }

  @Test
  void withoutACollectionOnlyADryRunIsPossible() {
    CliRun run =
        CliRun.of(
            "misp",
            "import",
            EVENTS.resolve("mozi.misp-event.json").toString(),
            "--identity",
            IDENTITY);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("wuzhen misp import: --collection: missing (required unless --dry-run)");
  }

  @Test
  void badUsageNamesTheOption() {
    CliRun run =
        CliRun.of(
            "misp",
            "import",
            "no-such-file.json",
            "--collection",
            "http://127.0.0.1:9/api1/collections/2f9e1c42-8a4b-4c3d-9e7f-1a2b3c4d5e6f/",
            "--identity",
            "indicator--8d6c5f2e-4b3a-4c1d-9e8f-7a6b5c4d3e2f");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--identity: expected an identity id");
  }
}
