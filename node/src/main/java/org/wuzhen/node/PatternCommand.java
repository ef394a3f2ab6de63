package org.wuzhen.node;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.wuzhen.pattern.CheckResult;
import org.wuzhen.pattern.Finding;
import org.wuzhen.pattern.MatchOutcome;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wuzhen pattern}: check STIX patterns and match them against observations. */
@Command(
    name = "pattern",
    mixinStandardHelpOptions = true,
    description = "Check STIX 2.1 patterns and evaluate them against observed-data.",
    subcommands = {PatternCommand.Check.class, PatternCommand.Match.class})
final class PatternCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Parse and check a pattern. Prints its canonical form when valid (warnings go to stderr),",
        "or the positioned errors when not."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the pattern is valid", "1:the pattern is invalid", "2:bad usage"})
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "PATTERN",
        description = "The pattern, quoted for the shell.")
    String pattern;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      CheckResult result = Patterns.check(pattern);
      for (Finding f : result.findings()) {
        err.println((f.isError() ? "error: " : "warning: ") + f);
      }
      if (!result.ok()) {
        return ExitCodes.INVALID;
      }
      out.println(result.canonical().orElseThrow());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "match",
      mixinStandardHelpOptions = true,
      description = {
        "Evaluate a pattern over the observed-data (and the SCOs they reference) of STIX bundles.",
        "Prints the ids of the observed-data objects of one binding, one per line, when it matches."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:the pattern matches",
        "1:the pattern does not match",
        "2:invalid pattern or input, or the evaluation bound was reached"
      })
  static final class Match implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "PATTERN",
        description = "The pattern, quoted for the shell.")
    String pattern;

    @Parameters(
        index = "1..*",
        arity = "1..*",
        paramLabel = "FILE",
        description =
            "STIX bundles holding observed-data and SCOs; - reads stdin. Several files are"
                + " evaluated as one set of observations.")
    List<String> files;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      JsonValue observations;
      try {
        observations = ObservationInputs.merge(files);
      } catch (InputFiles.UnreadableInput e) {
        err.println(e.getMessage());
        return ExitCodes.UNREADABLE;
      }
      MatchOutcome outcome = Patterns.match(pattern, observations);
      return switch (outcome) {
        case MatchOutcome.Matched m -> {
          m.observedDataIds().forEach(out::println);
          yield ExitCodes.OK;
        }
        case MatchOutcome.NotMatched n -> ExitCodes.INVALID;
        case MatchOutcome.InvalidPattern p -> {
          p.errors().forEach(f -> err.println("invalid pattern: " + f));
          yield ExitCodes.UNREADABLE;
        }
        case MatchOutcome.InvalidObservations o -> {
          err.println("invalid observations: " + o.message());
          yield ExitCodes.UNREADABLE;
        }
        case MatchOutcome.LimitExceeded l -> {
          err.println("evaluation stopped: " + l.message());
          yield ExitCodes.UNREADABLE;
        }
      };
    }
  }

  /** Reads bundles into one list of objects, so a binding may span files. */
  static final class ObservationInputs {
    private ObservationInputs() {}

    static JsonValue merge(List<String> files) throws InputFiles.UnreadableInput {
      if (files.size() == 1) {
        return parse(files.getFirst());
      }
      java.util.List<JsonValue> all = new java.util.ArrayList<>();
      for (String file : files) {
        switch (parse(file)) {
          case org.wuzhen.stix.JsonObject o when o.has("objects") ->
              all.addAll(o.array("objects").orElse(org.wuzhen.stix.JsonArray.EMPTY).elements());
          case org.wuzhen.stix.JsonArray a -> all.addAll(a.elements());
          case JsonValue single -> all.add(single);
        }
      }
      return new org.wuzhen.stix.JsonArray(all);
    }

    private static JsonValue parse(String file) throws InputFiles.UnreadableInput {
      byte[] bytes;
      try {
        bytes = InputFiles.read(file, System.in);
      } catch (InputFiles.UnreadableInput e) {
        throw new InputFiles.UnreadableInput(InputFiles.displayName(file) + ": " + e.getMessage());
      }
      try {
        return Json.parse(bytes);
      } catch (JsonSyntaxException e) {
        throw new InputFiles.UnreadableInput(InputFiles.displayName(file) + ": " + e.getMessage());
      }
    }
  }
}
