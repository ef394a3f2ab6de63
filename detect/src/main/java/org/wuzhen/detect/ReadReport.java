package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What reading one telemetry file gave: records read, events produced and lines skipped. Each bad
 * line is counted; the first {@link ZeekReader#MAX_BAD_LINES_KEPT} are kept with their reason.
 */
public record ReadReport(
    String file, long records, long events, long badLineCount, List<BadLine> badLines) {
  public ReadReport {
    requireNonNull(file, "file");
    badLines = List.copyOf(badLines);
  }

  /** A line that could not be read, e.g. {@code dns.log:17: id.orig_p: expected a count}. */
  public record BadLine(String file, long line, String problem) {
    public BadLine {
      requireNonNull(file, "file");
      requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
      return file + ":" + line + ": " + problem;
    }
  }
}
