package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Indicator bundles for tests, made the way a user makes them: {@code wuzhen indicators import}.
 */
final class Feeds {
  private Feeds() {}

  /**
   * A bundle of one indicator per value (plain feed format), valid from 2000 on so they fire on the
   * sample logs, written to {@code dir/indicators.json}.
   */
  static Path indicators(Path dir, String... values) throws IOException {
    Path feed = dir.resolve("feed.txt");
    Files.writeString(feed, String.join("\n", values) + "\n");
    Path bundle = dir.resolve("indicators.json");
    CliRun run =
        CliRun.of(
            "indicators",
            "import",
            "--format",
            "plain",
            "--valid-from",
            "2000-01-01T00:00:00Z",
            "--out",
            bundle.toString(),
            feed.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    return bundle;
  }
}
