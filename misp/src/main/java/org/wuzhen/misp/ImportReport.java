package org.wuzhen.misp;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an import did: events converted and refused (with why and where), attributes read, a count
 * for each "what became what" (e.g. {@code attribute → indicator}), and every repair made to the
 * input with its JSON path.
 */
public record ImportReport(
    int events,
    List<String> refused,
    long attributes,
    long stixObjects,
    Map<String, Long> counts,
    List<Repair> repairs) {
  public ImportReport {
    refused = List.copyOf(refused);
    counts = java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
    repairs = List.copyOf(repairs);
  }

  static ImportReport empty() {
    return new ImportReport(0, List.of(), 0, 0, Map.of(), List.of());
  }

  /** This report and {@code other} together. */
  public ImportReport plus(ImportReport other) {
    requireNonNull(other, "other");
    Map<String, Long> sum = new TreeMap<>(counts);
    other.counts.forEach((k, v) -> sum.merge(k, v, Long::sum));
    List<String> refusedBoth = new ArrayList<>(refused);
    refusedBoth.addAll(other.refused);
    List<Repair> repairsBoth = new ArrayList<>(repairs);
    repairsBoth.addAll(other.repairs);
    return new ImportReport(
        events + other.events,
        refusedBoth,
        attributes + other.attributes,
        stixObjects + other.stixObjects,
        sum,
        repairsBoth);
  }

  /**
   * Reports added up as an import goes, without copying what is already counted each time (an
   * import of many events would otherwise copy its repairs once per event). Not thread-safe.
   */
  static final class Tally {
    private int events;
    private final List<String> refused = new ArrayList<>();
    private long attributes;
    private long stixObjects;
    private final Map<String, Long> counts = new TreeMap<>();
    private final List<Repair> repairs = new ArrayList<>();

    Tally add(ImportReport r) {
      events += r.events;
      refused.addAll(r.refused);
      attributes += r.attributes;
      stixObjects += r.stixObjects;
      r.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
      repairs.addAll(r.repairs);
      return this;
    }

    ImportReport report() {
      return new ImportReport(events, refused, attributes, stixObjects, counts, repairs);
    }
  }

  /** Lines a person reads: totals, then each count, refusal and repair. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(
        events
            + " events imported, "
            + refused.size()
            + " refused; "
            + attributes
            + " attributes became "
            + stixObjects
            + " STIX objects; "
            + repairs.size()
            + " repairs");
    counts.forEach((what, n) -> lines.add("  " + what + ": " + n));
    for (String r : refused) {
      lines.add("refused: " + r);
    }
    for (Repair r : repairs) {
      lines.add("repaired: " + r);
    }
    return lines;
  }
}
