package org.wuzhen.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;

/**
 * Every indicator version a live run has seen, by id and version, and the ids the community
 * excludes now; compiling keeps the newest version of each id. Thread-safe (one lock).
 */
final class KnownIndicators {
  private final Map<String, StixObject> versions = new LinkedHashMap<>();
  private Set<String> excluded = Set.of();

  /** Adds the versions given and replaces the exclusions; true when the plan must be rebuilt. */
  synchronized boolean update(List<StixObject> added, Set<String> nowExcluded) {
    if (added.isEmpty() && nowExcluded.equals(excluded)) {
      return false;
    }
    for (StixObject o : added) {
      versions.put(o.id().text() + "|" + o.version().map(StixTimestamp::text).orElse(""), o);
    }
    excluded = Set.copyOf(nowExcluded);
    return true;
  }

  synchronized int excludedCount() {
    return excluded.size();
  }

  /** A plan of every indicator known, less those the community's rules exclude. */
  DetectionEngine compile() {
    List<StixObject> usable;
    synchronized (this) {
      usable = new ArrayList<>(versions.size());
      for (StixObject o : versions.values()) {
        if (!excluded.contains(o.id().text())) {
          usable.add(o);
        }
      }
    }
    return DetectionEngine.compile(usable);
  }
}
