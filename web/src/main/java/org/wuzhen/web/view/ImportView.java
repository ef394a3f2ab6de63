package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The import page: the bundle as pasted or loaded (or converted from MISP), its objects by type,
 * the repairs a MISP conversion made and the events it refused, the validator's findings per field
 * path, and what publishing stored or refused.
 *
 * @param previewed whether the findings below are the validator's answer for this bundle
 * @param refused MISP events not converted, each with why and where
 */
public record ImportView(
    Frame frame,
    List<SearchView.Option> collections,
    String bundle,
    boolean previewed,
    List<TypeCount> types,
    List<RepairRow> repairs,
    List<String> refused,
    List<FindingRow> findings,
    List<String> results,
    String message) {
  public ImportView {
    requireNonNull(frame, "frame");
    collections = List.copyOf(collections);
    requireNonNull(bundle, "bundle");
    types = List.copyOf(types);
    repairs = List.copyOf(repairs);
    refused = List.copyOf(refused);
    findings = List.copyOf(findings);
    results = List.copyOf(results);
    requireNonNull(message, "message");
  }

  /** Objects in the bundle. */
  public int objects() {
    return types.stream().mapToInt(TypeCount::count).sum();
  }

  public boolean hasErrors() {
    return findings.stream().anyMatch(f -> f.severity().equals("error"));
  }

  /** How many objects of one type the bundle holds. */
  public record TypeCount(String type, int count) {}

  /** One repair made to MISP input: its JSON path and what was done. */
  public record RepairRow(String path, String what) {}

  /** One finding of the validator: severity, field path, rule and message. */
  public record FindingRow(String severity, String path, String rule, String message) {}
}
