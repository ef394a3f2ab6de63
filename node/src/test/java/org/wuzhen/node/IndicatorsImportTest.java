package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * {@code wuzhen indicators import} as a command: files, stdout, stderr and exit codes. What a feed
 * turns into is detect's FeedReaderTest.
 */
class IndicatorsImportTest {
  /** The first 400 lines of the real IPsum feed (see its LICENSE and SOURCE beside it). */
  static final Path IPSUM = Path.of("../detect/src/test/resources/ipsum/ipsum-head.txt");

  @TempDir Path dir;

  @Test
  void ipsumIsWrittenToOutAsOneBundleWithTheSameIdsOnEveryRun() throws IOException {
    long addresses =
        Files.readAllLines(IPSUM).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    Path first = dir.resolve("a.json");
    Path second = dir.resolve("b.json");
    CliRun run =
        CliRun.of(
            "indicators",
            "import",
            "--format",
            "ipsum",
            "--valid-from",
            "2026-01-01T00:00:00.000Z",
            "--out",
            first.toString(),
            IPSUM.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEqualTo(addresses + " indicators" + System.lineSeparator());
    assertThat(run.out()).isEmpty();
    CliRun again =
        CliRun.of(
            "indicators",
            "import",
            "--format",
            "ipsum",
            "--valid-from",
            "2026-01-01T00:00:00.000Z",
            "--out",
            second.toString(),
            IPSUM.toString());
    assertThat(again.exitCode()).isZero();

    List<JsonValue> objects = objects(first);
    assertThat(objects).hasSize((int) addresses);
    assertThat(ids(objects)).isEqualTo(ids(objects(second)));
    assertThat(((JsonObject) objects.getFirst()).string("valid_from"))
        .hasValue("2026-01-01T00:00:00.000Z");
  }

  @Test
  void badLinesAreReportedWithFileAndNumberAndTheRestGoesToStdoutWithExitOne() throws IOException {
    Path feed = dir.resolve("feed.txt");
    Files.writeString(
        feed,
        String.join(
            "\n",
            "# a comment",
            "198.51.100.7",
            "203.0.113.0/24",
            "2001:db8::/32",
            "Evil.Example.ORG",
            "http://evil.example.org/a?b='c'",
            "mallory@example.org",
            "D41D8CD98F00B204E9800998ECF8427E",
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            "not a value",
            "999.1.1.1/99",
            ""));
    CliRun run = CliRun.of("indicators", "import", "--format", "plain", feed.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(feed + ":10: not a valid plain line: 'not a value'")
        .contains(feed + ":11: not a valid plain line")
        .contains("8 indicators, 2 bad lines skipped");
    List<JsonValue> objects =
        ((JsonObject) Json.parse(run.out())).array("objects").orElseThrow().elements();
    assertThat(objects).hasSize(8);
    assertThat(((JsonObject) objects.getFirst()).string("pattern"))
        .hasValue("[ipv4-addr:value = '198.51.100.7']");
  }

  @Test
  void unreadableInputAndBadTimestampExitTwo() {
    assertThat(
            CliRun.of("indicators", "import", "--format", "plain", dir.resolve("none").toString())
                .exitCode())
        .isEqualTo(2);
    CliRun bad =
        CliRun.of(
            "indicators",
            "import",
            "--format",
            "plain",
            "--valid-from",
            "yesterday",
            IPSUM.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--valid-from");
  }

  private static List<JsonValue> objects(Path bundle) throws IOException {
    return ((JsonObject) Json.parse(Files.readAllBytes(bundle)))
        .array("objects")
        .orElseThrow()
        .elements();
  }

  private static Set<String> ids(List<JsonValue> objects) {
    Set<String> ids = new HashSet<>();
    for (JsonValue o : objects) {
      ids.add(((JsonObject) o).string("id").orElseThrow());
    }
    return ids;
  }
}
