package org.wuzhen.node;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.wuzhen.detect.CompileReport;
import org.wuzhen.detect.DetectionEngine;
import org.wuzhen.detect.FieldMapping;
import org.wuzhen.detect.Match;
import org.wuzhen.detect.ObservableTypes;
import org.wuzhen.detect.ReadReport;
import org.wuzhen.detect.SightingOptions;
import org.wuzhen.detect.Sightings;
import org.wuzhen.detect.StreamMatcher;
import org.wuzhen.detect.TelemetryReader;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.ScoIds;
import org.wuzhen.stix.StixBundle;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wuzhen detect}: apply indicators to telemetry and report sightings. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Apply STIX indicators to network telemetry and report what matched as STIX sightings:",
      "one sighting per indicator and time bucket, with first_seen, last_seen, count and a",
      "sample of observed data. Indicators come from a STIX bundle file or a TAXII collection",
      "(followed for new indicators with --follow). Inputs are files, directories (every file",
      "below, in name order) or - for stdin; gzip is read transparently. Bad lines are counted",
      "with file and line number and skipped."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the telemetry was read (bad lines, if any, are reported)",
      "1:publishing to the TAXII collection failed for some objects",
      "2:bad usage, unreadable indicators, input or mapping"
    })
final class DetectCommand implements Callable<Integer> {
  static final UUID NAMESPACE = ScoIds.uuidV5(ScoIds.NAMESPACE, "wuzhen detect");

  /** The telemetry formats. */
  enum Format {
    ZEEK_JSON("zeek-json"),
    ZEEK("zeek"),
    EVE("eve"),
    JSONL("jsonl");

    final String text;

    Format(String text) {
      this.text = text;
    }

    static Format of(String text) {
      for (Format f : values()) {
        if (f.text.equals(text)) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "--format: '" + text + "' is not one of zeek-json, zeek, eve, jsonl");
    }
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--indicators",
      required = true,
      paramLabel = "SOURCE",
      description = "A STIX bundle file, or a TAXII collection URL (…/collections/ID/).")
  String indicators;

  @Option(
      names = "--format",
      required = true,
      paramLabel = "FORMAT",
      description = "zeek-json, zeek (TSV or JSON, from the header), eve (Suricata) or jsonl.")
  String format;

  @Option(
      names = "--mapping",
      paramLabel = "FILE",
      description = "For jsonl: the field mapping (see docs/detection.md).")
  Optional<Path> mapping;

  @Option(names = "--out", paramLabel = "FILE", description = "Write one STIX bundle here.")
  Optional<Path> out;

  @Option(
      names = "--publish",
      paramLabel = "URL",
      description = "Publish the sightings to this TAXII collection.")
  Optional<String> publish;

  @Option(
      names = "--output-format",
      paramLabel = "bundle|jsonl",
      defaultValue = "bundle",
      description = "On stdout or --out: one bundle (default) or one object per line.")
  String outputFormat;

  @Option(
      names = "--identity",
      paramLabel = "ID",
      description =
          "The identity that sighted (your member's identity; required with --publish). Default:"
              + " an identity for this host, included in the output.")
  Optional<String> identity;

  @Option(
      names = "--bucket",
      paramLabel = "DURATION",
      defaultValue = "1h",
      description = "Span one sighting aggregates per indicator: 30s, 15m, 1h, 1d (default 1h).")
  String bucket;

  @Option(
      names = "--sample",
      paramLabel = "N",
      defaultValue = "5",
      description = "Observed-data objects kept per sighting (default 5).")
  int sample;

  @Option(
      names = "--no-observed-data",
      description = "Privacy: send counts and times only, no observed data from your telemetry.")
  boolean noObservedData;

  @Option(
      names = {"--user"},
      paramLabel = "NAME",
      description = "TAXII user (Basic authentication) for --indicators and --publish URLs.")
  Optional<String> user;

  @Option(
      names = {"--password"},
      paramLabel = "PASSWORD",
      description = "TAXII password; default: the WUZHEN_PASSWORD environment variable.")
  Optional<String> password;

  @Option(
      names = {"--token"},
      paramLabel = "TOKEN",
      description = "TAXII API token (Bearer); default: the WUZHEN_TOKEN environment variable.")
  Optional<String> token;

  @Option(
      names = "--follow",
      description =
          "Keep reading the input file as it grows (and the TAXII collection for new"
              + " indicators) until interrupted; sightings are published every --flush.")
  boolean follow;

  @Option(
      names = "--flush",
      paramLabel = "DURATION",
      defaultValue = "1m",
      description = "With --follow: how often sightings are published or written (default 1m).")
  String flush;

  @Option(
      names = "--window",
      paramLabel = "DURATION",
      defaultValue = "24h",
      description =
          "Window of multi-observation patterns without WITHIN (default 24h); WITHIN sets its own.")
  String window;

  @Option(
      names = "--max-state",
      paramLabel = "N",
      defaultValue = "256",
      description =
          "Events kept per multi-observation indicator (default 256); beyond it the oldest is"
              + " dropped and counted.")
  int maxState;

  @Option(names = "--quiet", description = "No progress and no summary; errors only.")
  boolean quiet;

  @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Files, directories or -.")
  List<String> inputs;

  private final AtomicLong events = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong matched = new AtomicLong();

  /** A newly compiled plan waiting to be swapped in between two events. */
  private final AtomicReference<DetectionEngine> engine = new AtomicReference<>();

  private StreamMatcher matcher;
  private final AtomicBoolean stopping = new AtomicBoolean();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(err);
    } catch (UsageException e) {
      err.println("wuzhen detect: " + e.getMessage());
      err.flush();
      return ExitCodes.UNREADABLE;
    }
  }

  /** A bad option, source or input, said in one line. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private int run(PrintWriter err) throws UsageException {
    Format fmt;
    Duration bucketSpan;
    Duration flushEvery;
    StreamMatcher.Limits limits;
    try {
      fmt = Format.of(format);
      bucketSpan = duration("--bucket", bucket);
      flushEvery = duration("--flush", flush);
      limits = new StreamMatcher.Limits(maxState, duration("--window", window));
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          e.getMessage()
              .replace("maxObservationsPerIndicator", "--max-state")
              .replace("defaultWindow", "--window"));
    }
    if (!outputFormat.equals("bundle") && !outputFormat.equals("jsonl")) {
      throw new UsageException(
          "--output-format: '" + outputFormat + "' is not one of bundle, jsonl");
    }
    if (out.isPresent() && publish.isPresent()) {
      throw new UsageException("--out and --publish: give one of them");
    }
    if (publish.isPresent() && identity.isEmpty()) {
      throw new UsageException(
          "--identity: required with --publish (the identity id of your member)");
    }
    Optional<String> pw = password.or(() -> env("WUZHEN_PASSWORD"));
    Optional<String> tk = token.or(() -> env("WUZHEN_TOKEN"));
    Optional<String> auth = TaxiiClient.authorization(user, pw, tk);
    TelemetryReader reader = reader(fmt);
    StixId sighter = sighter();
    SightingOptions options;
    try {
      options = new SightingOptions(sighter, bucketSpan, sample, !noObservedData);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          e.getMessage().replace("sampleSize", "--sample").replace("bucket", "--bucket"));
    }
    Optional<TaxiiClient> target = Optional.empty();
    if (publish.isPresent()) {
      target = Optional.of(client(publish.get(), auth, "--publish"));
    }
    List<Path> files = expand(inputs);
    if (follow && (files.size() != 1 || inputs.contains("-"))) {
      throw new UsageException("--follow: give exactly one input file");
    }

    IndicatorSource source = indicatorSource(auth);
    remember(source.load());
    excluded = source.excluded();
    DetectionEngine first = DetectionEngine.compile(usable());
    engine.set(first);
    matcher = new StreamMatcher(first, limits);
    if (!quiet) {
      if (!excluded.isEmpty()) {
        err.println(
            "wuzhen detect: "
                + excluded.size()
                + " indicators excluded by the community's rules (disputed, decayed or expired)");
      }
      err.println("wuzhen detect: " + describe(first.report()));
      err.flush();
    }

    Sightings sightings = new Sightings(options);
    Progress progress = new Progress(err, !quiet && System.console() != null);
    List<ReadReport> reports = new ArrayList<>();
    Instant started = Instant.now();
    Thread follower = null;
    Thread hook = null;
    java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    if (follow) {
      hook =
          new Thread(
              () -> {
                stopping.set(true);
                try {
                  finished.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "wuzhen-detect-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      follower = startFollowing(source, flushEvery, sightings, options, target, err);
    }
    progress.start();
    int exit = ExitCodes.OK;
    try {
      for (Path file : files) {
        reports.add(readOne(file, reader, sightings));
      }
      progress.stop();
      if (follower != null) {
        follower.interrupt();
      }
      exit = emit(sightings, options, target, err, true);
      if (!quiet) {
        summary(err, reports, sightings, Duration.between(started, Instant.now()));
      }
    } catch (IOException e) {
      progress.stop();
      throw new UsageException("cannot read input: " + e.getMessage());
    } finally {
      finished.countDown();
      if (hook != null && !stopping.get()) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // already shutting down
        }
      }
    }
    return exit;
  }

  private ReadReport readOne(Path file, TelemetryReader reader, Sightings sightings)
      throws IOException, UsageException {
    String name = file.toString().equals("-") ? "<stdin>" : file.getFileName().toString();
    InputStream raw;
    if (file.toString().equals("-")) {
      raw = System.in;
    } else {
      try {
        raw = Files.newInputStream(file);
      } catch (IOException e) {
        throw new UsageException(file + ": cannot open: " + e.getMessage());
      }
      if (follow) {
        raw = new Following(raw);
      }
    }
    try (InputStream in = new Counting(raw)) {
      return reader.read(
          name,
          in,
          event -> {
            events.incrementAndGet();
            DetectionEngine current = engine.get();
            if (current != matcher.engine()) {
              matcher.replace(current); // a reload arrived: swap between two events
            }
            for (Match m : matcher.accept(event)) {
              matched.incrementAndGet();
              sightings.add(m);
            }
          });
    }
  }

  /** Where indicators come from: a file read once, or a TAXII collection followed. */
  private interface IndicatorSource {
    List<StixObject> load() throws UsageException;

    /** Indicators added since the last call; empty for a file. */
    default List<StixObject> more() throws UsageException {
      return List.of();
    }

    /**
     * Ids of indicators the community's rules exclude from detection now (disputed, decayed,
     * expired), as the node's governance says; empty for a file or a node without governance.
     */
    default Set<String> excluded() throws UsageException {
      return Set.of();
    }
  }

  private IndicatorSource indicatorSource(Optional<String> auth) throws UsageException {
    if (indicators.startsWith("http://") || indicators.startsWith("https://")) {
      TaxiiClient client = client(indicators, auth, "--indicators");
      return new IndicatorSource() {
        private Optional<String> after = Optional.empty();

        @Override
        public List<StixObject> load() throws UsageException {
          return more();
        }

        @Override
        public List<StixObject> more() throws UsageException {
          try {
            List<StixObject> out = new ArrayList<>();
            Optional<String> next = Optional.empty();
            do {
              TaxiiClient.Page page = client.page("indicator", after, next, 1000);
              out.addAll(page.objects());
              if (page.dateAddedLast().isPresent()) {
                after = page.dateAddedLast();
              }
              next = page.next();
            } while (next.isPresent());
            return out;
          } catch (TaxiiClient.TaxiiCallException e) {
            throw new UsageException("--indicators: " + e.getMessage());
          }
        }

        @Override
        public Set<String> excluded() throws UsageException {
          try {
            return client.detectionExclusions();
          } catch (TaxiiClient.TaxiiCallException e) {
            throw new UsageException("--indicators: " + e.getMessage());
          }
        }
      };
    }
    return () -> readIndicatorFile(indicators);
  }

  private List<StixObject> readIndicatorFile(String name) throws UsageException {
    byte[] bytes;
    try {
      bytes = InputFiles.read(name, System.in);
    } catch (InputFiles.UnreadableInput e) {
      throw new UsageException(
          "--indicators " + InputFiles.displayName(name) + ": " + e.getMessage());
    }
    try {
      JsonValue json = Json.parse(bytes);
      if (json instanceof JsonObject o && o.string("type").orElse("").equals("bundle")) {
        return StixBundle.from(o).objects();
      }
      List<StixObject> out = new ArrayList<>();
      if (json instanceof JsonArray a) {
        for (int i = 0; i < a.size(); i++) {
          try {
            out.add(StixObject.from(a.get(i)));
          } catch (StixFormatException e) {
            throw new StixFormatException("[" + i + "]: " + e.getMessage());
          }
        }
        return out;
      }
      return List.of(StixObject.from(json));
    } catch (StixFormatException e) {
      throw new UsageException("--indicators " + name + ": " + e.getMessage());
    }
  }

  private Thread startFollowing(
      IndicatorSource source,
      Duration flushEvery,
      Sightings sightings,
      SightingOptions options,
      Optional<TaxiiClient> target,
      PrintWriter err) {
    return Thread.ofPlatform()
        .daemon()
        .name("wuzhen-detect-follow")
        .start(
            () -> {
              Instant lastFlush = Instant.now();
              while (!Thread.currentThread().isInterrupted() && !stopping.get()) {
                try {
                  Thread.sleep(1000);
                  List<StixObject> added = source.more();
                  Set<String> nowExcluded = source.excluded();
                  if (!added.isEmpty() || !nowExcluded.equals(excluded)) {
                    remember(added);
                    excluded = nowExcluded;
                    // The whole plan is rebuilt and swapped in one step; the stream keeps going.
                    engine.set(DetectionEngine.compile(usable()));
                  }
                  if (Duration.between(lastFlush, Instant.now()).compareTo(flushEvery) >= 0
                      && (target.isPresent() || out.isPresent())) {
                    emit(sightings, options, target, err, false);
                    lastFlush = Instant.now();
                  }
                } catch (InterruptedException e) {
                  return;
                } catch (UsageException e) {
                  err.println("wuzhen detect: " + e.getMessage() + " (retrying)");
                  err.flush();
                }
              }
            });
  }

  /** Every indicator version seen, by id and version; compile keeps the newest of each id. */
  private final Map<String, StixObject> known = new LinkedHashMap<>();

  private volatile Set<String> excluded = Set.of();

  private synchronized void remember(List<StixObject> indicators) {
    for (StixObject o : indicators) {
      known.put(o.id().text() + "|" + o.version().map(StixTimestamp::text).orElse(""), o);
    }
  }

  /** Every indicator known, less those the community's rules exclude. */
  private synchronized List<StixObject> usable() {
    List<StixObject> out = new ArrayList<>(known.size());
    for (StixObject o : known.values()) {
      if (!excluded.contains(o.id().text())) {
        out.add(o);
      }
    }
    return out;
  }

  /** Writes or publishes the sightings; returns the exit code. */
  private synchronized int emit(
      Sightings sightings,
      SightingOptions options,
      Optional<TaxiiClient> target,
      PrintWriter err,
      boolean last) {
    List<JsonObject> objects = new ArrayList<>();
    StixTimestamp now = StixTimestamp.ofMillis(Instant.now());
    if (identity.isEmpty()) {
      objects.add(hostIdentity(options.sighter(), now));
    }
    objects.addAll(sightings.snapshot(now));
    if (target.isPresent()) {
      return publish(target.get(), objects, err);
    }
    if (!last && out.isEmpty()) {
      return ExitCodes.OK; // stdout gets the final snapshot only
    }
    if (out.isEmpty()) {
      write(spec.commandLine().getOut(), objects);
      return ExitCodes.OK;
    }
    try (PrintWriter w =
        new PrintWriter(
            new java.io.BufferedWriter(
                new java.io.OutputStreamWriter(
                    Files.newOutputStream(out.get()), StandardCharsets.UTF_8),
                1 << 16))) {
      write(w, objects);
      if (w.checkError()) {
        throw new IOException("write failed");
      }
    } catch (IOException e) {
      err.println("wuzhen detect: cannot write " + out.get() + ": " + e.getMessage());
      err.flush();
      return ExitCodes.UNREADABLE;
    }
    return ExitCodes.OK;
  }

  private void write(PrintWriter w, List<JsonObject> objects) {
    if (outputFormat.equals("jsonl")) {
      for (JsonObject o : objects) {
        w.println(Json.write(o));
      }
    } else {
      w.println(
          Json.write(
              JsonObject.builder()
                  .put("type", "bundle")
                  .put("id", "bundle--" + UUID.randomUUID())
                  .put("objects", new JsonArray(List.copyOf(objects)))
                  .build()));
    }
    w.flush();
  }

  private int publish(TaxiiClient client, List<JsonObject> objects, PrintWriter err) {
    int failures = 0;
    for (int from = 0; from < objects.size(); from += 1000) {
      List<JsonObject> chunk = objects.subList(from, Math.min(objects.size(), from + 1000));
      try {
        for (String refused : TaxiiClient.failures(client.post(chunk))) {
          if (++failures <= 10) {
            err.println("wuzhen detect: refused " + refused);
          }
        }
      } catch (TaxiiClient.TaxiiCallException e) {
        err.println("wuzhen detect: --publish: " + e.getMessage());
        err.flush();
        return ExitCodes.INVALID;
      }
    }
    err.flush();
    return failures == 0 ? ExitCodes.OK : ExitCodes.INVALID;
  }

  private JsonObject hostIdentity(StixId id, StixTimestamp now) {
    return JsonObject.builder()
        .put("type", "identity")
        .put("spec_version", "2.1")
        .put("id", id.text())
        .put("created", "2020-01-01T00:00:00.000Z")
        .put("modified", "2020-01-01T00:00:00.000Z")
        .put("name", "Wuzhen detect on " + hostName())
        .put("identity_class", "system")
        .build();
  }

  private StixId sighter() throws UsageException {
    if (identity.isPresent()) {
      try {
        StixId id = StixId.parse(identity.get());
        if (!id.type().equals("identity")) {
          throw new UsageException("--identity: expected an identity id, found " + identity.get());
        }
        return id;
      } catch (StixFormatException e) {
        throw new UsageException("--identity: " + e.getMessage());
      }
    }
    return new StixId("identity", ScoIds.uuidV5(NAMESPACE, "host " + hostName()));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /**
   * The observable types the current plan reads: the readers build only those (a plan swapped in by
   * a reload takes effect on the next event).
   */
  private final ObservableTypes planTypes = type -> engine.get().observableTypes().wants(type);

  private TelemetryReader reader(Format fmt) throws UsageException {
    if (fmt != Format.JSONL && mapping.isPresent()) {
      throw new UsageException("--mapping: only used with --format jsonl");
    }
    return switch (fmt) {
      case ZEEK, ZEEK_JSON -> TelemetryReader.zeek(planTypes);
      case EVE -> TelemetryReader.eve(planTypes);
      case JSONL -> {
        if (mapping.isEmpty()) {
          throw new UsageException("--mapping: required with --format jsonl");
        }
        try {
          yield TelemetryReader.jsonl(
              FieldMapping.parse(Files.readString(mapping.get(), StandardCharsets.UTF_8)),
              planTypes);
        } catch (IOException e) {
          throw new UsageException(
              "--mapping " + mapping.get() + ": cannot read: " + e.getMessage());
        } catch (FieldMapping.MappingException e) {
          throw new UsageException("--mapping " + mapping.get() + ": " + e.getMessage());
        }
      }
    };
  }

  private static TaxiiClient client(String url, Optional<String> auth, String option)
      throws UsageException {
    try {
      return new TaxiiClient(URI.create(url), auth);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }

  /** Inputs with directories expanded to the regular files below them, in name order. */
  static List<Path> expand(List<String> inputs) throws UsageException {
    List<Path> out = new ArrayList<>();
    for (String input : inputs) {
      if (input.equals("-")) {
        out.add(Path.of("-"));
        continue;
      }
      Path p = Path.of(input);
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile).sorted().forEach(out::add);
        } catch (IOException e) {
          throw new UsageException(input + ": cannot list: " + e.getMessage());
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new UsageException(input + ": no such file or directory");
      }
    }
    return out;
  }

  /** {@code 30s}, {@code 15m}, {@code 1h}, {@code 1d} or ISO 8601 ({@code PT1H}). */
  static Duration duration(String option, String text) {
    try {
      if (text.startsWith("P") || text.startsWith("p")) {
        return Duration.parse(text);
      }
      if (text.length() >= 2) {
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        switch (Character.toLowerCase(text.charAt(text.length() - 1))) {
          case 's':
            return Duration.ofSeconds(n);
          case 'm':
            return Duration.ofMinutes(n);
          case 'h':
            return Duration.ofHours(n);
          case 'd':
            return Duration.ofDays(n);
          default:
            break;
        }
      }
    } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        option + ": '" + text + "' is not a duration (e.g. 30s, 15m, 1h, 1d)");
  }

  private static String describe(CompileReport r) {
    return String.format(
        Locale.ROOT,
        "%d indicators: %d indexed, %d checked on every event, %d multi-observation, %d revoked,"
            + " %d superseded, %d rejected",
        r.total(),
        r.indexed(),
        r.fallback(),
        r.multiObservation(),
        r.revoked(),
        r.superseded(),
        r.rejected().size());
  }

  private void summary(
      PrintWriter err, List<ReadReport> reports, Sightings sightings, Duration took) {
    long bad = 0;
    List<ReadReport.BadLine> badLines = new ArrayList<>();
    for (ReadReport r : reports) {
      bad += r.badLineCount();
      badLines.addAll(r.badLines());
    }
    double seconds = Math.max(took.toMillis(), 1) / 1000.0;
    err.printf(
        Locale.ROOT,
        "wuzhen detect: %d events from %d inputs (%.1f MB read) in %.1f s (%.0f events/s);"
            + " %d matches -> %d sightings; %d bad lines; %d events dropped from full windows%n",
        events.get(),
        reports.size(),
        bytes.get() / 1e6,
        seconds,
        events.get() / seconds,
        sightings.matchCount(),
        sightings.size(),
        bad,
        matcher.overflow());
    for (int i = 0; i < Math.min(10, badLines.size()); i++) {
      err.println("  bad line " + badLines.get(i));
    }
    if (bad > 10) {
      err.println("  ... and " + (bad - 10) + " more bad lines");
    }
    err.flush();
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(s -> !s.isEmpty());
  }

  /** Counts the bytes read, for progress and the summary. */
  private final class Counting extends FilterInputStream {
    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        bytes.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        bytes.addAndGet(n);
      }
      return n;
    }
  }

  /** A growing file: at its end, waits for more until the command stops (tail -f). */
  private final class Following extends FilterInputStream {
    Following(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (true) {
        int n = super.read(b, off, len);
        if (n != -1 || stopping.get()) {
          return n;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return -1;
        }
      }
    }
  }

  /** The progress line on a terminal's stderr: events/s, bytes, matches. */
  private final class Progress {
    private final PrintWriter err;
    private final boolean enabled;
    private Thread thread;

    Progress(PrintWriter err, boolean enabled) {
      this.err = err;
      this.enabled = enabled;
    }

    void start() {
      if (!enabled) {
        return;
      }
      Instant start = Instant.now();
      thread =
          Thread.ofPlatform()
              .daemon()
              .name("wuzhen-detect-progress")
              .start(
                  () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      try {
                        Thread.sleep(500);
                      } catch (InterruptedException e) {
                        return;
                      }
                      double s =
                          Math.max(1, Duration.between(start, Instant.now()).toMillis()) / 1000.0;
                      err.printf(
                          Locale.ROOT,
                          "\r%,d events (%,.0f/s), %.1f MB, %,d matches   ",
                          events.get(),
                          events.get() / s,
                          bytes.get() / 1e6,
                          matched.get());
                      err.flush();
                    }
                  });
    }

    void stop() {
      if (thread != null) {
        thread.interrupt();
        try {
          thread.join(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        err.print("\r");
        err.flush();
        thread = null;
      }
    }
  }
}
