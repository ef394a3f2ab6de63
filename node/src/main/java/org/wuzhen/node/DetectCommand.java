package org.wuzhen.node;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.wuzhen.detect.CompileReport;
import org.wuzhen.detect.FieldMapping;
import org.wuzhen.detect.HostIdentity;
import org.wuzhen.detect.IndicatorSource;
import org.wuzhen.detect.LiveDetection;
import org.wuzhen.detect.PlanCache;
import org.wuzhen.detect.ReadReport;
import org.wuzhen.detect.SightingOptions;
import org.wuzhen.detect.SightingSink;
import org.wuzhen.detect.StreamMatcher;
import org.wuzhen.detect.TelemetryFormat;
import org.wuzhen.detect.TelemetryInput;
import org.wuzhen.detect.UnreadableInputException;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;
import org.wuzhen.taxii.LoopbackMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
  Optional<Path> mapping = Optional.empty();

  @Option(
      names = "--plan-cache",
      paramLabel = "DIR",
      description =
          "Keep the compiled indicators of an --indicators file here, under the file's SHA-256,"
              + " and reuse them while the file is unchanged (known by its path, size, times,"
              + " inode and sampled blocks, without reading it).")
  Optional<Path> planCache = Optional.empty();

  @Option(
      names = "--verify-plan",
      description =
          "With --plan-cache: hash the whole --indicators file at start rather than trust its"
              + " recorded identity.")
  boolean verifyPlan;

  @Option(names = "--out", paramLabel = "FILE", description = "Write one STIX bundle here.")
  Optional<Path> out = Optional.empty();

  @Option(
      names = "--publish",
      paramLabel = "URL",
      description = "Publish the sightings to this TAXII collection.")
  Optional<String> publish = Optional.empty();

  @Option(
      names = "--output-format",
      paramLabel = "bundle|jsonl",
      description = "On stdout or --out: one bundle (default) or one object per line.")
  String outputFormat = "bundle";

  @Option(
      names = "--identity",
      paramLabel = "ID",
      description =
          "The identity that sighted (your member's identity; required with --publish). Default:"
              + " an identity for this host, included in the output.")
  Optional<String> identity = Optional.empty();

  @Option(
      names = "--bucket",
      paramLabel = "DURATION",
      description = "Span one sighting aggregates per indicator: 30s, 15m, 1h, 1d (default 1h).")
  String bucket = "1h";

  @Option(
      names = "--sample",
      paramLabel = "N",
      description = "Observed-data objects kept per sighting (default 5).")
  int sample = 5;

  @Option(
      names = "--no-observed-data",
      description = "Privacy: send counts and times only, no observed data from your telemetry.")
  boolean noObservedData;

  @Mixin CredentialOptions login;

  @Option(
      names = "--follow",
      description =
          "Keep reading the input file as it grows (and the TAXII collection for new"
              + " indicators) until interrupted; sightings are published every --flush.")
  boolean follow;

  @Option(
      names = "--flush",
      paramLabel = "DURATION",
      description = "With --follow: how often sightings are published or written (default 1m).")
  String flush = "1m";

  @Option(
      names = "--window",
      paramLabel = "DURATION",
      description =
          "Window of multi-observation patterns without WITHIN (default 24h); WITHIN sets its own.")
  String window = "24h";

  @Option(
      names = "--max-state",
      paramLabel = "N",
      description =
          "Events kept per multi-observation indicator (default 256); beyond it the oldest is"
              + " dropped and counted.")
  int maxState = 256;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Read up to N inputs at once (default: the cores); sightings as in a serial run.")
  Optional<Integer> threads = Optional.empty();

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve the run's counts for Prometheus at http://127.0.0.1:PORT/metrics (loopback only;"
              + " 0 takes a free port, printed at the start).")
  Optional<Integer> metricsPort = Optional.empty();

  @Option(names = "--quiet", description = "No progress and no summary; errors only.")
  boolean quiet;

  @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Files, directories or -.")
  List<String> inputs;

  /** How often a followed TAXII collection is asked for new indicators (docs/cli.md). */
  private static final Duration POLL = Duration.ofSeconds(1);

  /** Posting an envelope of 1,000 sightings may take the node a while. */
  private static final Duration POST_TIMEOUT = Duration.ofSeconds(120);

  /** Standard output, for the sightings when neither --out nor --publish is given. */
  private PrintWriter stdout;

  /** The plan looked up while the command line was read ({@link EarlyPlan}), if any. */
  private Optional<EarlyPlan> early = Optional.empty();

  @Override
  public Integer call() {
    return call(spec.commandLine().getOut(), spec.commandLine().getErr(), earlyPlan());
  }

  /**
   * Runs the command as parsed (by picocli, or by {@link DetectArguments} with the defaults of the
   * field initialisers, which picocli also takes as defaults) with these streams and look-ahead.
   */
  int call(PrintWriter out, PrintWriter err, Optional<EarlyPlan> early) {
    this.stdout = out;
    this.early = early;
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
    if (threads.isPresent() && threads.get() < 1) {
      throw new UsageException("--threads: must be at least 1, found " + threads.get());
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
    TelemetryFormat telemetry = telemetryFormat(fmt);
    StixId sighter;
    Optional<JsonObject> sighterIdentity = Optional.empty();
    if (identity.isPresent()) {
      sighter = memberIdentity(identity.get());
    } else {
      HostIdentity host = HostIdentity.local();
      sighter = host.id();
      sighterIdentity = Optional.of(host.object());
    }
    SightingOptions options;
    try {
      options = new SightingOptions(sighter, bucketSpan, sample, !noObservedData);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          e.getMessage().replace("sampleSize", "--sample").replace("bucket", "--bucket"));
    }
    SightingSink sink;
    boolean jsonLines = outputFormat.equals("jsonl");
    if (publish.isPresent()) {
      sink = new TaxiiSightingSink(collectionClient("--publish", publish.get(), POST_TIMEOUT), err);
    } else if (out.isPresent()) {
      sink = SightingOutput.file(out.get(), jsonLines, err);
    } else {
      sink = SightingOutput.stdout(stdout, jsonLines);
    }
    List<TelemetryInput> files = expand(inputs);
    if (follow && (files.size() != 1 || inputs.contains("-"))) {
      throw new UsageException("--follow: give exactly one input file");
    }
    Optional<EarlyPlan> early =
        this.early.filter(e -> e.matches(indicators, planCache, verifyPlan));
    IndicatorSource source = early.isPresent() ? early.get().source() : indicatorSource();
    if (planCache.isPresent() && source instanceof TaxiiIndicatorSource) {
      throw new UsageException(
          "--plan-cache: only for an --indicators file (a collection changes between runs)");
    }
    if (verifyPlan && planCache.isEmpty()) {
      throw new UsageException("--verify-plan: only with --plan-cache");
    }
    Consumer<String> warnings =
        warning -> {
          err.println("wuzhen detect: " + warning);
          err.flush();
        };
    Optional<PlanCache> plans;
    if (early.isPresent()) {
      plans = Optional.of(early.get().plans(warnings)); // already --verify-plan's when given
    } else {
      plans = planCache.map(dir -> PlanCache.in(dir, warnings));
      if (verifyPlan) {
        plans = plans.map(PlanCache::verifying);
      }
    }
    // stdout gets the final snapshot only; a file or a collection gets one every --flush too.
    Optional<Duration> flushes =
        out.isPresent() || publish.isPresent() ? Optional.of(flushEvery) : Optional.empty();
    LiveDetection.Settings settings =
        new LiveDetection.Settings(
            telemetry, limits, options, sighterIdentity, follow, POLL, flushes);

    LiveDetection detection;
    try {
      detection =
          LiveDetection.start(
              settings,
              source,
              sink,
              e -> {
                err.println("wuzhen detect: " + e.getMessage() + " (retrying)");
                err.flush();
              },
              plans);
    } catch (UnreadableInputException e) {
      throw new UsageException(e.getMessage());
    }
    if (!quiet) {
      if (detection.excludedAtStart() > 0) {
        err.println(
            "wuzhen detect: "
                + detection.excludedAtStart()
                + " indicators excluded by the community's rules (disputed, decayed or expired)");
      }
      err.println("wuzhen detect: " + describe(detection.report()));
      err.flush();
    }
    Optional<LoopbackMetrics> metrics = serveMetrics(detection, err);
    try {
      return detect(detection, files, err);
    } finally {
      metrics.ifPresent(LoopbackMetrics::close);
    }
  }

  private Optional<LoopbackMetrics> serveMetrics(LiveDetection detection, PrintWriter err)
      throws UsageException {
    if (metricsPort.isEmpty()) {
      return Optional.empty();
    }
    LoopbackMetrics served;
    try {
      served =
          LoopbackMetrics.serve(metricsPort.get(), DetectMetrics.registry(detection::progress));
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new UsageException("--metrics-port: " + e.getMessage());
    }
    if (!quiet) {
      err.println("wuzhen detect: metrics on http://127.0.0.1:" + served.port() + "/metrics");
      err.flush();
    }
    return Optional.of(served);
  }

  /** Reads the inputs, delivers the sightings, prints the summary; returns the exit code. */
  private int detect(LiveDetection detection, List<TelemetryInput> files, PrintWriter err)
      throws UsageException {
    ProgressLine progress =
        new ProgressLine(
            err,
            ProgressLine.wanted(quiet),
            elapsed -> {
              LiveDetection.Progress p = detection.progress();
              return String.format(
                  Locale.ROOT,
                  "%,d events (%,.0f/s), %.1f MB, %,d matches",
                  p.events(),
                  ProgressLine.rate(p.events(), elapsed),
                  p.bytes() / 1e6,
                  p.matches());
            });
    Instant started = Instant.now();
    AtomicBoolean stopping = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = null;
    if (follow) {
      // SIGTERM or ^C: the followed file is read to its end and the final sightings go out
      // before the JVM exits (within 30 s).
      hook =
          new Thread(
              () -> {
                stopping.set(true);
                detection.stop();
                try {
                  finished.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "wuzhen-detect-stop");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    progress.start();
    try {
      List<ReadReport> reports =
          detection.read(files, threads.orElse(Runtime.getRuntime().availableProcessors()));
      progress.stop();
      LiveDetection.Summary summary = detection.finish();
      if (!quiet) {
        summary(err, reports, summary, Duration.between(started, Instant.now()));
      }
      if (summary.delivered()) {
        return ExitCodes.OK;
      }
      // A collection that refused objects is an invalid result; a file not written, unreadable.
      return publish.isPresent() ? ExitCodes.INVALID : ExitCodes.UNREADABLE;
    } catch (UnreadableInputException e) {
      progress.stop();
      throw new UsageException(e.getMessage());
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
  }

  /** The plan looked up while the command line was read ({@link EarlyPlan}), if any. */
  private Optional<EarlyPlan> earlyPlan() {
    CommandSpec parent = spec.parent();
    return parent != null && parent.userObject() instanceof Main.DetectOnly d
        ? d.early
        : Optional.empty();
  }

  private IndicatorSource indicatorSource() throws UsageException {
    if (indicators.startsWith("http://") || indicators.startsWith("https://")) {
      return new TaxiiIndicatorSource(
          collectionClient("--indicators", indicators, NodeOptions.REQUEST_TIMEOUT));
    }
    return new IndicatorFile(indicators);
  }

  private static StixId memberIdentity(String text) throws UsageException {
    try {
      StixId id = StixId.parse(text);
      if (!id.type().equals("identity")) {
        throw new UsageException("--identity: expected an identity id, found " + text);
      }
      return id;
    } catch (StixFormatException e) {
      throw new UsageException("--identity: " + e.getMessage());
    }
  }

  private TelemetryFormat telemetryFormat(Format fmt) throws UsageException {
    if (fmt != Format.JSONL && mapping.isPresent()) {
      throw new UsageException("--mapping: only used with --format jsonl");
    }
    return switch (fmt) {
      case ZEEK, ZEEK_JSON -> new TelemetryFormat.Zeek();
      case EVE -> new TelemetryFormat.Eve();
      case JSONL -> {
        if (mapping.isEmpty()) {
          throw new UsageException("--mapping: required with --format jsonl");
        }
        try {
          yield new TelemetryFormat.JsonLines(
              FieldMapping.parse(Files.readString(mapping.get(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
          throw new UsageException(
              "--mapping " + mapping.get() + ": cannot read: " + e.getMessage());
        } catch (FieldMapping.MappingException e) {
          throw new UsageException("--mapping " + mapping.get() + ": " + e.getMessage());
        }
      }
    };
  }

  private CredentialOptions.Client collectionClient(String option, String url, Duration timeout)
      throws UsageException {
    try {
      return login.collectionClient(option, url, timeout);
    } catch (NodeOptions.Failure e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** Inputs with directories expanded to the regular files below them, in name order. */
  static List<TelemetryInput> expand(List<String> inputs) throws UsageException {
    List<TelemetryInput> out = new ArrayList<>();
    for (String input : inputs) {
      if (input.equals("-")) {
        out.add(new TelemetryInput.Opened("<stdin>", System.in));
        continue;
      }
      Path p = Path.of(input);
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile)
              .sorted()
              .forEach(f -> out.add(new TelemetryInput.File(f)));
        } catch (IOException e) {
          throw new UsageException(input + ": cannot list: " + e.getMessage());
        }
      } else if (Files.isRegularFile(p)) {
        out.add(new TelemetryInput.File(p));
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

  private static void summary(
      PrintWriter err, List<ReadReport> reports, LiveDetection.Summary summary, Duration took) {
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
        summary.events(),
        reports.size(),
        summary.bytes() / 1e6,
        seconds,
        summary.events() / seconds,
        summary.matches(),
        summary.sightings(),
        bad,
        summary.droppedFromFullWindows());
    for (int i = 0; i < Math.min(10, badLines.size()); i++) {
      err.println("  bad line " + badLines.get(i));
    }
    if (bad > 10) {
      err.println("  ... and " + (bad - 10) + " more bad lines");
    }
    err.flush();
  }
}
