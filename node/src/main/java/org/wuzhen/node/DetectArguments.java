package org.wuzhen.node;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The plain command lines of {@code wuzhen detect} over an indicator file, read without picocli:
 * picocli models a command from its annotations (reflection, annotation proxies spun at run time,
 * and 170 classes of class-file version 49 that the AOT cache cannot hold and that are parsed and
 * verified at every start), about 0.6 s of CPU on a cold JVM, a tenth of a one-shot run
 * (docs/benchmarks.md, eighth round). Only the options below, each given once, with values that do
 * not start with {@code -}, and files as inputs: anything else (help, version, an unknown or
 * repeated option, a missing value, {@code --}, an {@code @file}, a collection URL, a number
 * written otherwise than in plain decimal, the credentials) is empty, and picocli parses it as
 * before, so help, usage errors and their exit codes are picocli's. The values are set as picocli
 * sets them (strings as given, paths by {@link Path#of}, numbers as decimal {@code int}s); every
 * other field keeps its initialiser, which picocli takes as its default too; the command then
 * checks them as it does after picocli. Stateless.
 */
final class DetectArguments {
  private DetectArguments() {}

  /** Options taking a value, as strings. */
  private static final Set<String> TEXTS =
      Set.of("--indicators", "--format", "--output-format", "--bucket", "--flush", "--window");

  /** Options taking a value, as paths. */
  private static final Set<String> PATHS = Set.of("--plan-cache", "--out", "--mapping");

  /**
   * Options taking a whole number. Only plain decimal is read here ({@link #decimal}); picocli also
   * reads hex and signs, and refuses what does not fit an {@code int}.
   */
  private static final Set<String> NUMBERS =
      Set.of("--threads", "--sample", "--max-state", "--metrics-port");

  /** Options without a value. */
  private static final Set<String> FLAGS =
      Set.of("--verify-plan", "--quiet", "--no-observed-data", "--follow");

  /** The command {@code args} parse to, or empty when picocli must parse them. */
  static Optional<DetectCommand> parse(String[] args) {
    if (args.length == 0 || !args[0].equals("detect")) {
      return Optional.empty();
    }
    DetectCommand command = new DetectCommand();
    Set<String> seen = new HashSet<>();
    List<String> inputs = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-") || !arg.startsWith("-")) {
        if (arg.startsWith("@")) {
          return Optional.empty(); // picocli reads an argument file
        }
        inputs.add(arg);
        continue;
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      if (!seen.add(name)) {
        return Optional.empty(); // given twice: picocli refuses it
      }
      if (FLAGS.contains(name)) {
        if (equals >= 0) {
          return Optional.empty();
        }
        set(command, name);
        continue;
      }
      if (!TEXTS.contains(name) && !PATHS.contains(name) && !NUMBERS.contains(name)) {
        return Optional.empty(); // help, version, an unknown option or one left to picocli
      }
      String value;
      if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        return Optional.empty(); // picocli says the value is missing
      }
      if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
        return Optional.empty(); // picocli decides whether it is a value or an option
      }
      if (!set(command, name, value)) {
        return Optional.empty();
      }
    }
    if (command.indicators == null
        || command.format == null
        || inputs.isEmpty()
        || command.indicators.startsWith("http://")
        || command.indicators.startsWith("https://")) {
      return Optional.empty(); // a required option missing, or a collection (credentials)
    }
    command.inputs = inputs;
    return Optional.of(command);
  }

  private static void set(DetectCommand command, String flag) {
    switch (flag) {
      case "--verify-plan" -> command.verifyPlan = true;
      case "--quiet" -> command.quiet = true;
      case "--no-observed-data" -> command.noObservedData = true;
      case "--follow" -> command.follow = true;
      default -> throw new IllegalArgumentException(flag);
    }
  }

  /**
   * False when picocli must read the value: a path the file system cannot name (picocli refuses
   * it), a number not in plain decimal.
   */
  private static boolean set(DetectCommand command, String option, String value) {
    switch (option) {
      case "--indicators" -> command.indicators = value;
      case "--format" -> command.format = value;
      case "--output-format" -> command.outputFormat = value;
      case "--bucket" -> command.bucket = value;
      case "--flush" -> command.flush = value;
      case "--window" -> command.window = value;
      case "--threads", "--sample", "--max-state", "--metrics-port" -> {
        if (!decimal(value)) {
          return false;
        }
        int n = Integer.parseInt(value);
        switch (option) {
          case "--threads" -> command.threads = Optional.of(n);
          case "--sample" -> command.sample = n;
          case "--max-state" -> command.maxState = n;
          default -> command.metricsPort = Optional.of(n);
        }
      }
      default -> {
        Path path;
        try {
          path = Path.of(value);
        } catch (InvalidPathException e) {
          return false;
        }
        switch (option) {
          case "--plan-cache" -> command.planCache = Optional.of(path);
          case "--out" -> command.out = Optional.of(path);
          case "--mapping" -> command.mapping = Optional.of(path);
          default -> throw new IllegalArgumentException(option);
        }
      }
    }
    return true;
  }

  /** Digits only, no leading zero, at most nine of them: a value every reader takes as one int. */
  static boolean decimal(String value) {
    if (value.isEmpty() || value.length() > 9 || (value.charAt(0) == '0' && value.length() > 1)) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
