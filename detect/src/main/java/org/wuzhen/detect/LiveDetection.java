package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.wuzhen.pattern.ObjectPath;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;

/**
 * One run of detection over telemetry: the indicators of an {@link IndicatorSource} compiled into a
 * plan, the inputs read through it, and the sightings delivered to a {@link SightingSink} at the
 * end.
 *
 * <p>Following ({@link Settings#follow()}), a file input is read as it grows until {@link #stop()},
 * the source is polled for new indicators and exclusions (the plan is rebuilt and swapped in
 * between two events, keeping the windows of indicators still in it), and a snapshot is delivered
 * every {@link Settings#flush()}.
 *
 * <p>{@link #start}, {@link #read} and {@link #finish} are called in that order from one thread;
 * {@link #progress()} and {@link #stop()} from any.
 */
public final class LiveDetection {
  /**
   * How a run reads and reports.
   *
   * @param format the telemetry format
   * @param limits the bounds of the state of multi-observation indicators
   * @param sightings how matches become sightings
   * @param sighterIdentity the sighter's identity object, delivered with each snapshot when it was
   *     made up (see {@link HostIdentity}); empty when the sighter is a known member
   * @param follow read a file input as it grows and poll the source, until {@link #stop()}
   * @param poll when following, how often the source is asked for new indicators and exclusions
   * @param flush when following, how often a snapshot is delivered; empty: the final one only. A
   *     span of zero or less delivers one at every poll.
   */
  public record Settings(
      TelemetryFormat format,
      StreamMatcher.Limits limits,
      SightingOptions sightings,
      Optional<JsonObject> sighterIdentity,
      boolean follow,
      Duration poll,
      Optional<Duration> flush) {
    public Settings {
      requireNonNull(format, "format");
      requireNonNull(limits, "limits");
      requireNonNull(sightings, "sightings");
      requireNonNull(sighterIdentity, "sighterIdentity");
      requireNonNull(poll, "poll");
      requireNonNull(flush, "flush");
      if (poll.isNegative() || poll.isZero()) {
        throw new IllegalArgumentException("poll: must be positive, found " + poll);
      }
    }
  }

  /**
   * The counts so far.
   *
   * @param events events read
   * @param bytes bytes read
   * @param matches matches of indicators
   * @param sightings sightings made so far (one per indicator and time bucket matched)
   * @param indicators indicators the current plan matches (neither revoked, superseded nor
   *     rejected)
   * @param engineSwaps plans rebuilt and swapped in since the start, after the source's indicators
   *     or exclusions changed
   */
  public record Progress(
      long events, long bytes, long matches, int sightings, int indicators, long engineSwaps) {}

  /**
   * How a run ended.
   *
   * @param delivered whether the sink accepted every object of the final snapshot
   * @param droppedFromFullWindows events dropped because a multi-observation window was full
   */
  public record Summary(
      boolean delivered,
      long events,
      long bytes,
      long matches,
      int sightings,
      long droppedFromFullWindows) {}

  private static final String FOLLOWER = "wuzhen-detect-follow";

  private final Settings settings;
  private final IndicatorSource source;
  private final SightingSink sink;
  private final Consumer<UnreadableInputException> pollFailures;
  private final KnownIndicators indicators;
  private final CompileReport firstReport;
  private final int excludedAtStart;

  /** The newest plan, compiled by the poller; the reader swaps it in between two events. */
  private final AtomicReference<DetectionEngine> engine = new AtomicReference<>();

  private final StreamMatcher matcher;
  private final Sightings sightings;
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong matched = new AtomicLong();
  private final AtomicLong engineSwaps = new AtomicLong();
  private final AtomicBoolean stopping = new AtomicBoolean();

  /**
   * The observable types the current plan reads: the readers build only those (a plan swapped in
   * takes effect on the next event).
   */
  private final ObservableTypes planTypes = type -> engine.get().observableTypes().wants(type);

  private LiveDetection(
      Settings settings,
      IndicatorSource source,
      SightingSink sink,
      Consumer<UnreadableInputException> pollFailures,
      KnownIndicators indicators,
      DetectionEngine first) {
    this.settings = settings;
    this.source = source;
    this.sink = sink;
    this.pollFailures = pollFailures;
    this.indicators = indicators;
    this.firstReport = first.report();
    this.excludedAtStart = indicators.excludedCount();
    this.engine.set(first);
    this.matcher = new StreamMatcher(first, settings.limits());
    this.sightings = new Sightings(settings.sightings());
  }

  /**
   * Loads the source's indicators, less those it excludes, and compiles the first plan.
   *
   * @param pollFailures told of each failed poll of a followed source; polling goes on
   */
  public static LiveDetection start(
      Settings settings,
      IndicatorSource source,
      SightingSink sink,
      Consumer<UnreadableInputException> pollFailures)
      throws UnreadableInputException {
    return start(settings, source, sink, pollFailures, Optional.empty());
  }

  /**
   * As {@link #start(Settings, IndicatorSource, SightingSink, Consumer)}, taking the first plan
   * from {@code plans} when the source is fixed ({@link IndicatorSource#digest()}) and a plan of
   * the same content is saved there; else compiling it and saving it there.
   */
  public static LiveDetection start(
      Settings settings,
      IndicatorSource source,
      SightingSink sink,
      Consumer<UnreadableInputException> pollFailures,
      Optional<PlanCache> plans)
      throws UnreadableInputException {
    requireNonNull(settings, "settings");
    requireNonNull(source, "source");
    requireNonNull(sink, "sink");
    requireNonNull(pollFailures, "pollFailures");
    KnownIndicators indicators = new KnownIndicators();
    prepareReading(settings.format());
    Optional<PlanCache.Lookup> lookup =
        plans.isPresent() ? plans.get().lookup(source) : Optional.empty();
    if (lookup.isPresent() && lookup.get().plan().isPresent()) {
      // A fixed source never adds nor excludes, so the known versions are never recompiled.
      return new LiveDetection(
          settings, source, sink, pollFailures, indicators, lookup.get().plan().get());
    }
    List<StixObject> loaded = source.load();
    indicators.update(loaded, source.excluded());
    DetectionEngine first = indicators.compile();
    lookup.ifPresent(l -> l.save(first));
    return new LiveDetection(settings, source, sink, pollFailures, indicators, first);
  }

  /**
   * Makes now what a format's reader makes once per JVM at its first line: Zeek's field tables,
   * traced through the mappings into SCO ids (a tenth of a second or more in a cold JVM). {@link
   * #start} calls it before it takes the plan, so that it overlaps a plan still being read ahead
   * ({@link PlanCache#lookingAhead}); a caller may call it earlier, on a thread of its own (it is
   * made once: later calls return at once).
   */
  public static void prepareReading(TelemetryFormat format) {
    switch (format) {
      case TelemetryFormat.Zeek z -> ZeekFields.types(""); // initialises ZeekFields
      case TelemetryFormat.Eve e -> {}
      case TelemetryFormat.JsonLines j -> {}
    }
  }

  /** What compiling the first plan did. */
  public CompileReport report() {
    return firstReport;
  }

  /** How many indicator ids the source excluded at the start. */
  public int excludedAtStart() {
    return excludedAtStart;
  }

  /** The counts so far; safe to call while another thread reads. */
  public Progress progress() {
    CompileReport plan = engine.get().report();
    return new Progress(
        events.get(),
        bytes.get(),
        matched.get(),
        sightings.size(),
        plan.indexed() + plan.fallback() + plan.multiObservation(),
        engineSwaps.get());
  }

  /**
   * Reads the inputs in order, each to its end (a followed file: until {@link #stop()}); polls the
   * source and delivers snapshots meanwhile when following.
   *
   * @return one report per input, in order
   * @throws UnreadableInputException when an input cannot be opened or read; the run is over
   */
  public List<ReadReport> read(List<TelemetryInput> inputs) throws UnreadableInputException {
    Thread poller =
        settings.follow()
            ? Thread.ofPlatform().daemon().name(FOLLOWER).start(this::pollUntilStopped)
            : null;
    try {
      List<ReadReport> reports = new ArrayList<>(inputs.size());
      for (TelemetryInput input : inputs) {
        reports.add(readOne(input, new SerialSink(), this::unmatched));
      }
      return reports;
    } finally {
      if (poller != null) {
        poller.interrupt();
      }
    }
  }

  /**
   * As {@link #read(List)}, reading up to {@code threads} inputs at once when that gives the same
   * answer: more than one input, not following, and a plan without multi-observation indicators
   * (their windows need every event in order). Matches are committed to the sightings in input
   * order, so the sightings, counts and reports are those of a serial run ({@link
   * ParallelReading}). When an input cannot be read, inputs after it may have been read (and
   * counted in {@link #progress()}) meanwhile.
   */
  public List<ReadReport> read(List<TelemetryInput> inputs, int threads)
      throws UnreadableInputException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: must be at least 1, found " + threads);
    }
    DetectionEngine plan = engine.get();
    if (threads == 1 || settings.follow() || plan.multiCount() > 0) {
      return read(inputs);
    }
    if (inputs.size() == 1) {
      // The inflating thread is one of the threads: a serial read already keeps two busy, so
      // chunks pay only from two readers on (measured: no gain on 2 cores, docs/benchmarks.md).
      return threads < 3
          ? read(inputs)
          : List.of(readChunked(inputs.getFirst(), threads - 1, plan));
    }
    return ParallelReading.read(
        inputs,
        threads,
        plan,
        settings.sightings(),
        events,
        (input, eventSink) -> readOne(input, eventSink, events::addAndGet),
        this::commit);
  }

  /** Delivers the final snapshot and says how the run ended. */
  public Summary finish() {
    boolean delivered = deliver().accepted();
    return new Summary(
        delivered,
        events.get(),
        bytes.get(),
        sightings.matchCount(),
        sightings.size(),
        matcher.overflow());
  }

  /** Ends a followed input at its current end (what an interrupt of the process asks for). */
  public void stop() {
    stopping.set(true);
  }

  /** One input read by {@code threads} reader threads ({@link ChunkedReading}). */
  private ReadReport readChunked(TelemetryInput input, int threads, DetectionEngine plan)
      throws UnreadableInputException {
    return readInput(
        input,
        (name, in, formats) ->
            ChunkedReading.read(
                name,
                in,
                formats,
                threads,
                plan,
                settings.sightings(),
                () -> new ChunkedReading.Serial(formats.get(), new SerialSink(), this::unmatched),
                this::commit,
                events::addAndGet));
  }

  private ReadReport readOne(TelemetryInput input, Consumer<Event> sink, LongConsumer unmatched)
      throws UnreadableInputException {
    return readInput(
        input, (name, in, formats) -> LineReader.read(name, in, formats.get(), sink, unmatched));
  }

  /** How an opened input is read, given a maker of its line format (one per thread). */
  private interface Reading {
    ReadReport read(String name, InputStream in, Supplier<LineReader.LineFormat> formats)
        throws IOException;
  }

  private ReadReport readInput(TelemetryInput input, Reading reading)
      throws UnreadableInputException {
    String name;
    InputStream raw;
    switch (input) {
      case TelemetryInput.File file -> {
        name = String.valueOf(file.path().getFileName());
        try {
          raw = Files.newInputStream(file.path());
        } catch (IOException e) {
          throw new UnreadableInputException(file.path() + ": cannot open: " + e.getMessage());
        }
        if (settings.follow()) {
          raw = new FollowedInput(raw, stopping::get);
        }
      }
      case TelemetryInput.Opened opened -> {
        name = opened.name();
        raw = opened.in();
      }
    }
    String inputName = name;
    try (InputStream in = new CountingInput(raw, bytes)) {
      // Line rate: a line the plan's probe shows to match nothing is only counted.
      Supplier<LineReader.LineFormat> formats =
          switch (settings.format()) {
            case TelemetryFormat.Zeek z ->
                () -> ZeekReader.format(inputName, planTypes, () -> engine.get().zeekProbe());
            case TelemetryFormat.Eve e ->
                () ->
                    JsonLinesFormat.eve(
                        planTypes, () -> engine.get().probe("eve", EveFields::verbatim));
            case TelemetryFormat.JsonLines j -> {
              MappedFields fields = new MappedFields(j.mapping());
              Predicate<ObjectPath> verbatim = fields::verbatim; // made once, not per line
              yield () ->
                  JsonLinesFormat.mapped(
                      j.mapping(),
                      fields,
                      planTypes,
                      () -> engine.get().probe(j.mapping(), verbatim));
            }
          };
      return reading.read(name, in, formats);
    } catch (IOException e) {
      throw new UnreadableInputException("cannot read input: " + e.getMessage());
    }
  }

  private void unmatched(long lines) {
    events.addAndGet(lines);
  }

  /**
   * The serial run's sink: whole events, or at line rate events built for matching only, whose
   * whole event is built when a sighting may keep it as a sample ({@link SampleDemand}).
   */
  private final class SerialSink implements LineReader.MatchingSink {
    private final SampleDemand demand = new SampleDemand(settings.sightings());

    @Override
    public void accept(Event event) {
      List<Match> matches = match(event, engine.get());
      demand.wantsWhole(matches); // counted: a whole event is a sample candidate too
      matches.forEach(LiveDetection.this::commit);
    }

    @Override
    public Optional<MatchFields> matchFields() {
      return engine.get().matchFields();
    }

    @Override
    public void acceptMatching(Event event, MatchFields fields, Supplier<Event> whole) {
      DetectionEngine current = engine.get();
      if (current.matchFields().orElse(null) != fields) {
        accept(whole.get()); // a plan swapped in since the line was built reads other fields
        return;
      }
      List<Match> matches = match(event, current);
      if (demand.wantsWhole(matches)) {
        matches = SampleDemand.whole(matches, whole.get());
      }
      matches.forEach(LiveDetection.this::commit);
    }
  }

  /** Counts the event and matches it with the newest plan, swapped in between two events. */
  private List<Match> match(Event event, DetectionEngine current) {
    events.incrementAndGet();
    if (current != matcher.engine()) {
      matcher.replace(current); // a reload arrived: swap between two events
    }
    return matcher.accept(event);
  }

  private void commit(Match m) {
    matched.incrementAndGet();
    sightings.add(m);
  }

  /** The follower's loop: new indicators and exclusions every poll, a snapshot every flush. */
  private void pollUntilStopped() {
    Instant lastFlush = Instant.now();
    while (!Thread.currentThread().isInterrupted() && !stopping.get()) {
      try {
        Thread.sleep(settings.poll());
        List<StixObject> added = source.more();
        Set<String> nowExcluded = source.excluded();
        if (indicators.update(added, nowExcluded)) {
          // The whole plan is rebuilt and swapped in one step; the stream keeps going.
          engine.set(indicators.compile());
          engineSwaps.incrementAndGet();
        }
        Optional<Duration> flush = settings.flush();
        if (flush.isPresent()
            && Duration.between(lastFlush, Instant.now()).compareTo(flush.get()) >= 0) {
          deliver();
          lastFlush = Instant.now();
        }
      } catch (InterruptedException e) {
        return;
      } catch (UnreadableInputException e) {
        pollFailures.accept(e);
      }
    }
  }

  /** One snapshot to the sink; synchronized so that the sink sees one delivery at a time. */
  private synchronized SightingSink.Delivery deliver() {
    List<JsonObject> objects = new ArrayList<>();
    StixTimestamp now = StixTimestamp.ofMillis(Instant.now());
    settings.sighterIdentity().ifPresent(objects::add);
    objects.addAll(sightings.snapshot(now));
    return sink.deliver(objects);
  }
}
