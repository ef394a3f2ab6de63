package org.wuzhen.node;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.wuzhen.detect.IndicatorSource;
import org.wuzhen.detect.LiveDetection;
import org.wuzhen.detect.PlanCache;
import org.wuzhen.detect.TelemetryFormat;

/**
 * The saved plan of {@code wuzhen detect --plan-cache DIR --indicators FILE}, looked up on a thread
 * of its own while the command line is parsed ({@link DetectArguments}, or picocli, which models
 * the command too: together a third of a second or more of a one-shot run's start,
 * docs/benchmarks.md) and the run starts. The arguments are only peeked at here; the command takes
 * this lookup only when what was parsed names the same file, directory and {@code --verify-plan}
 * ({@link #matches}), and looks up as before otherwise. The lookup's warnings are held until the
 * command takes it, so a run that ends in a usage error prints none of them. For a Zeek run ({@code
 * --format zeek-json} or {@code zeek}) the reader's tables are made meanwhile on a third thread
 * ({@link LiveDetection#prepareReading}). Thread-safe.
 */
final class EarlyPlan {
  private final String indicators;
  private final Path directory;
  private final boolean verify;
  private final IndicatorSource source;
  private final HeldWarnings warnings = new HeldWarnings();
  private final PlanCache plans;

  /** Makes the reader's tables of a Zeek run ({@link LiveDetection#prepareReading}), if any. */
  private final Optional<Thread> preparing;

  private EarlyPlan(String indicators, Path directory, boolean verify, boolean zeek) {
    this.indicators = indicators;
    this.directory = directory;
    this.verify = verify;
    this.source = new IndicatorFile(indicators);
    PlanCache cache = PlanCache.in(directory, warnings);
    this.plans = (verify ? cache.verifying() : cache).lookingAhead(source);
    // The reader's own start, beside the plan's: the run would make them at its start.
    this.preparing =
        zeek
            ? Optional.of(
                Thread.ofPlatform()
                    .daemon()
                    .name("wuzhen-detect-prepare")
                    .start(() -> LiveDetection.prepareReading(new TelemetryFormat.Zeek())))
            : Optional.empty();
  }

  /**
   * Begins the lookup when {@code args} are a {@code detect} run with {@code --plan-cache} and an
   * {@code --indicators} file; empty whenever the peek is in any doubt (an {@code @file} of
   * arguments, an option given twice or without its value, standard input, a collection URL, help).
   */
  static Optional<EarlyPlan> peek(String[] args) {
    if (args.length == 0 || !args[0].equals("detect")) {
      return Optional.empty();
    }
    String indicators = null;
    String directory = null;
    String format = null;
    boolean verify = false;
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        break; // the rest are inputs
      }
      if (arg.startsWith("@") || List.of("-h", "--help", "-V", "--version").contains(arg)) {
        return Optional.empty();
      }
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (name.equals("--verify-plan")) {
        if (verify || !arg.equals(name)) {
          return Optional.empty();
        }
        verify = true;
      } else if (List.of("--indicators", "--plan-cache", "--format").contains(name)) {
        String value;
        if (!arg.equals(name)) {
          value = arg.substring(name.length() + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          return Optional.empty();
        }
        if (name.equals("--indicators")) {
          if (indicators != null) {
            return Optional.empty();
          }
          indicators = value;
        } else if (name.equals("--format")) {
          format = value; // only which reader to prepare: the command checks it
        } else {
          if (directory != null) {
            return Optional.empty();
          }
          directory = value;
        }
      }
    }
    if (indicators == null
        || directory == null
        || indicators.equals("-")
        || indicators.startsWith("http://")
        || indicators.startsWith("https://")) {
      return Optional.empty();
    }
    try {
      boolean zeek = "zeek-json".equals(format) || "zeek".equals(format);
      return Optional.of(new EarlyPlan(indicators, Path.of(directory), verify, zeek));
    } catch (InvalidPathException e) {
      return Optional.empty(); // picocli reports it
    }
  }

  /** Whether the parsed command line names what was peeked at. */
  boolean matches(String indicators, Optional<Path> directory, boolean verify) {
    return this.indicators.equals(indicators)
        && directory.equals(Optional.of(this.directory))
        && this.verify == verify;
  }

  /** The source the lookup was begun for: the run must be given this very object. */
  IndicatorSource source() {
    return source;
  }

  /** The cache holding the lookup; its warnings, held so far, go to {@code to} from now on. */
  PlanCache plans(Consumer<String> to) {
    warnings.release(to);
    return plans;
  }

  /** Waits until the lookup has ended (used or not), so that no thread outlives the command. */
  void await() {
    plans.awaitLookAhead();
    preparing.ifPresent(
        t -> {
          try {
            t.join();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  /** Whether the reader's tables are being made ahead (a Zeek run). */
  boolean preparesZeek() {
    return preparing.isPresent();
  }

  /** Warnings kept until {@link #release}, then passed on. */
  private static final class HeldWarnings implements Consumer<String> {
    private final List<String> held = new ArrayList<>();
    private Consumer<String> to;

    @Override
    public synchronized void accept(String warning) {
      if (to == null) {
        held.add(warning);
      } else {
        to.accept(warning);
      }
    }

    synchronized void release(Consumer<String> to) {
      held.forEach(to);
      held.clear();
      this.to = to;
    }
  }
}
