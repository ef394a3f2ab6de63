package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.wuzhen.pattern.EvaluationLimits;
import org.wuzhen.pattern.ObservationExpression;
import org.wuzhen.pattern.ObservedData;
import org.wuzhen.pattern.Pattern;
import org.wuzhen.pattern.PatternEvaluator;
import org.wuzhen.pattern.PatternLimitException;
import org.wuzhen.pattern.Qualifier;

/**
 * Matches a stream of events against every indicator of a {@link DetectionEngine}, including the
 * patterns that need several observations (AND, FOLLOWEDBY, REPEATS, WITHIN across observations).
 *
 * <p>For each multi-observation indicator it keeps, in event time, the recent events that satisfy
 * one of its brackets on their own; an event that adds to the window triggers the reference
 * evaluator over the window, so what is reported is exactly what the evaluator says of those
 * observations. The window of a pattern qualified {@code WITHIN n SECONDS} is n seconds; any other
 * pattern gets {@link Limits#defaultWindow()}. Each window holds at most {@link
 * Limits#maxObservationsPerIndicator()} events: beyond it the oldest is dropped and counted in
 * {@link #overflow()}, never a crash. A match is reported once, with the event that completed it,
 * and empties the window, so a pattern fires again only on new observations.
 *
 * <p>Not thread-safe: one stream, one matcher. {@link #replace} swaps in a new plan between two
 * events, keeping the windows of indicators that are still in it.
 */
public final class StreamMatcher {

  /**
   * The bounds of the state.
   *
   * @param maxObservationsPerIndicator events kept per multi-observation indicator
   * @param defaultWindow the window of patterns without a WITHIN qualifier on the whole pattern
   */
  public record Limits(int maxObservationsPerIndicator, Duration defaultWindow) {
    public static final Limits DEFAULT = new Limits(256, Duration.ofHours(24));

    public Limits {
      requireNonNull(defaultWindow, "defaultWindow");
      if (maxObservationsPerIndicator < 1 || maxObservationsPerIndicator > 1_000_000) {
        throw new IllegalArgumentException(
            "maxObservationsPerIndicator: must be between 1 and 1000000, found "
                + maxObservationsPerIndicator);
      }
      if (defaultWindow.isNegative() || defaultWindow.isZero()) {
        throw new IllegalArgumentException(
            "defaultWindow: must be positive, found " + defaultWindow);
      }
    }
  }

  private record Observation(Instant time, ObservedData data, long sequence) {}

  private static final class Window {
    final ArrayDeque<Observation> observations = new ArrayDeque<>();
  }

  private final Limits limits;
  private final ObservationJournal journal;
  private final PatternEvaluator evaluator = new PatternEvaluator(EvaluationLimits.DEFAULT);
  private DetectionEngine engine;
  private Map<String, Window> windows = new HashMap<>();
  private Duration[] windowOf;
  private long overflow;
  private long limitExceeded;
  private long sequence;

  public StreamMatcher(DetectionEngine engine, Limits limits) {
    this(engine, limits, ObservationJournal.NONE);
  }

  /** A matcher that also tells {@code journal} what its windows hold. */
  public StreamMatcher(DetectionEngine engine, Limits limits, ObservationJournal journal) {
    this.limits = requireNonNull(limits, "limits");
    this.journal = requireNonNull(journal, "journal");
    install(requireNonNull(engine, "engine"));
  }

  /** Swaps in a new plan; windows of indicators it still holds are kept. */
  public void replace(DetectionEngine next) {
    requireNonNull(next, "next");
    Map<String, Window> kept = new HashMap<>();
    for (int i = 0; i < next.multiCount(); i++) {
      Window w = windows.remove(next.multiId(i));
      if (w != null) {
        kept.put(next.multiId(i), w);
      }
    }
    windows.forEach((id, w) -> w.observations.forEach(o -> journal.released(id, o.sequence())));
    windows = kept;
    install(next);
  }

  /**
   * Puts back an observation a journal kept, before the first event: call it in increasing {@code
   * sequence} per indicator. One of an indicator this plan does not hold is released at once.
   */
  public void restore(String indicatorId, long sequence, Event event) {
    requireNonNull(indicatorId, "indicatorId");
    requireNonNull(event, "event");
    this.sequence = Math.max(this.sequence, sequence + 1);
    boolean held = false;
    for (int i = 0; i < engine.multiCount() && !held; i++) {
      held = engine.multiId(i).equals(indicatorId);
    }
    if (!held) {
      journal.released(indicatorId, sequence);
      return;
    }
    windows
        .computeIfAbsent(indicatorId, k -> new Window())
        .observations
        .addLast(new Observation(event.time().instant(), observedData(event, sequence), sequence));
  }

  private static ObservedData observedData(Event event, long sequence) {
    return new ObservedData(
        "observed-data--stream-" + sequence,
        event.time(),
        event.time(),
        1,
        DetectionEngine.graph(event));
  }

  private void install(DetectionEngine e) {
    this.engine = e;
    this.windowOf = new Duration[e.multiCount()];
    for (int i = 0; i < windowOf.length; i++) {
      windowOf[i] = window(e.multiPattern(i));
    }
  }

  public DetectionEngine engine() {
    return engine;
  }

  /** Events dropped because a window was full. */
  public long overflow() {
    return overflow;
  }

  /** Window evaluations the evaluator gave up on (too many combinations); counted, not matched. */
  public long limitExceeded() {
    return limitExceeded;
  }

  /** Events currently held in all windows. */
  public int heldObservations() {
    int n = 0;
    for (Window w : windows.values()) {
      n += w.observations.size();
    }
    return n;
  }

  /** The indicators the event matches: single-observation ones at once, others when complete. */
  public List<Match> accept(Event event) {
    List<Match> out = new ArrayList<>(engine.match(event));
    out.addAll(acceptMultiObservation(event));
    return out;
  }

  /**
   * The multi-observation indicators the event completes, leaving the single-observation ones to
   * {@link DetectionEngine#match} elsewhere (the Kafka deployment matches those per partition).
   */
  public List<Match> acceptMultiObservation(Event event) {
    List<Match> out = new ArrayList<>();
    BitSet candidates = engine.multiCandidates(event);
    if (candidates.isEmpty()) {
      return out;
    }
    Instant now = event.time().instant();
    long seq = sequence++;
    ObservedData data = observedData(event, seq);
    for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
      if (!engine.multiValidAt(i, event.time())) {
        continue;
      }
      String id = engine.multiId(i);
      Window w = windows.computeIfAbsent(id, k -> new Window());
      expire(id, w, now.minus(windowOf[i]));
      if (w.observations.size() >= limits.maxObservationsPerIndicator()) {
        journal.released(id, w.observations.removeFirst().sequence());
        overflow++;
      }
      w.observations.addLast(new Observation(now, data, seq));
      journal.held(id, seq, event);
      List<ObservedData> list = new ArrayList<>(w.observations.size());
      for (Observation o : w.observations) {
        list.add(o.data());
      }
      boolean matched;
      try {
        matched = evaluator.evaluate(engine.multiPattern(i), list).matched();
      } catch (PatternLimitException e) {
        limitExceeded++;
        matched = false;
      }
      if (matched) {
        out.add(new Match(id, event));
        w.observations.forEach(o -> journal.released(id, o.sequence()));
        w.observations.clear();
      }
      if (w.observations.isEmpty()) {
        windows.remove(id);
      }
    }
    return out;
  }

  private void expire(String id, Window w, Instant oldest) {
    Iterator<Observation> it = w.observations.iterator();
    while (it.hasNext()) {
      Observation o = it.next();
      if (o.time().isBefore(oldest)) {
        it.remove();
        journal.released(id, o.sequence());
      }
    }
  }

  private Duration window(Pattern pattern) {
    if (pattern.root() instanceof ObservationExpression.Qualified q
        && q.qualifier() instanceof Qualifier.Within w) {
      BigDecimal nanos = w.seconds().movePointRight(9);
      return Duration.ofNanos(nanos.min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue());
    }
    return limits.defaultWindow();
  }
}
