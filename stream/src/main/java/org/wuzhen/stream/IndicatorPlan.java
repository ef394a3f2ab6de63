package org.wuzhen.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wuzhen.detect.DetectionEngine;
import org.wuzhen.stix.StixObject;

/**
 * The indicators an instance matches with: id to newest usable version, as the compacted indicators
 * topic holds them, and the engine compiled from them. Updates only mark the plan stale; the first
 * event after them compiles it once, so a burst of updates (a restore at start) costs one compile,
 * and no event is matched with a plan older than the updates read before it. Thread-safe: the
 * global thread updates, stream threads read.
 */
final class IndicatorPlan {
  /** A compiled plan and the transparency log tree size of the newest update it holds. */
  record Compiled(DetectionEngine engine, long treeSize, long version) {}

  private final Map<String, StixObject> indicators = new HashMap<>();
  private long treeSize;
  private volatile long version;
  private volatile Compiled compiled = new Compiled(DetectionEngine.compile(List.of()), 0, 0);

  synchronized void put(StixObject indicator, long treeSize) {
    indicators.put(indicator.id().text(), indicator);
    updated(treeSize);
  }

  synchronized void remove(String id, long treeSize) {
    indicators.remove(id);
    updated(treeSize);
  }

  private void updated(long treeSize) {
    this.treeSize = Math.max(this.treeSize, treeSize);
    version++;
  }

  /** The plan holding every update read so far, compiled now if it is stale. */
  Compiled current() {
    Compiled c = compiled;
    if (c.version() == version) {
      return c;
    }
    synchronized (this) {
      if (compiled.version() != version) {
        compiled =
            new Compiled(
                DetectionEngine.compile(new ArrayList<>(indicators.values())), treeSize, version);
      }
      return compiled;
    }
  }

  synchronized Set<String> ids() {
    return Set.copyOf(indicators.keySet());
  }
}
