package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The import page: the bundle as pasted or loaded, the validator's findings per field path, and
 * what publishing stored or refused.
 *
 * @param previewed whether the findings below are the validator's answer for this bundle
 */
public record ImportView(
    Frame frame,
    List<SearchView.Option> collections,
    String bundle,
    boolean previewed,
    int objects,
    List<FindingRow> findings,
    List<String> results,
    String message) {
  public ImportView {
    requireNonNull(frame, "frame");
    collections = List.copyOf(collections);
    requireNonNull(bundle, "bundle");
    findings = List.copyOf(findings);
    results = List.copyOf(results);
    requireNonNull(message, "message");
  }

  public boolean hasErrors() {
    return findings.stream().anyMatch(f -> f.severity().equals("error"));
  }

  /** One finding of the validator: severity, field path, rule and message. */
  public record FindingRow(String severity, String path, String rule, String message) {}
}
