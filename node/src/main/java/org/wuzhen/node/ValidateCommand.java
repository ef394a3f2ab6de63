package org.wuzhen.node;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.validate.Finding;
import org.wuzhen.stix.validate.StixValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wuzhen validate}: checks STIX 2.1 documents against the specification. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate STIX 2.1 documents (a bundle, a single object or a JSON list of objects).",
      "Prints one finding per line as FILE: PATH: message (warnings say 'warning:'), then a"
          + " summary. MUST rules are errors, SHOULD rules warnings; STIX patterns are parsed"
          + " and checked."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every file is valid (warnings allowed unless --strict)",
      "1:at least one file has an error",
      "2:a file could not be read, or bad usage"
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "Files to validate; - reads stdin.")
  List<String> files;

  @Option(
      names = "--strict",
      description = "Treat SHOULD rules as errors (like cti-stix-validator --strict).")
  boolean strict;

  @Option(names = "--json", description = "Print machine-readable findings as one JSON document.")
  boolean json;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print errors and the summary only, no warnings.")
  boolean quiet;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StixValidator validator =
        new StixValidator(
            StixValidator.Options.defaults()
                .withStrict(strict)
                .withPatternCheck(Patterns.validatorCheck()));
    int errors = 0;
    int warnings = 0;
    int objects = 0;
    boolean unreadable = false;
    List<JsonValue> reports = new ArrayList<>();
    for (String file : files) {
      String name = InputFiles.displayName(file);
      byte[] bytes;
      try {
        bytes = InputFiles.read(file, System.in);
      } catch (InputFiles.UnreadableInput e) {
        unreadable = true;
        err.println(name + ": " + e.getMessage());
        reports.add(fileReport(name, "unreadable", 0, List.of(), e.getMessage()));
        continue;
      }
      List<Finding> findings;
      int count;
      try {
        JsonValue document = Json.parse(bytes);
        findings = validator.validate(document);
        count = countObjects(document);
      } catch (JsonSyntaxException e) {
        findings = List.of(new Finding(Finding.Severity.ERROR, "$", "json-syntax", e.getMessage()));
        count = 0;
      }
      objects += count;
      int fileErrors = 0;
      for (Finding f : findings) {
        if (f.isError()) {
          fileErrors++;
        } else {
          warnings++;
        }
        if (!json && (f.isError() || !quiet)) {
          out.println(
              name + ": " + f.path() + ": " + (f.isError() ? "" : "warning: ") + f.message());
        }
      }
      errors += fileErrors;
      reports.add(fileReport(name, fileErrors == 0 ? "valid" : "invalid", count, findings, null));
    }
    if (json) {
      JsonObject document =
          JsonObject.builder()
              .put("files", new JsonArray(reports))
              .put("objects", objects)
              .put("errors", errors)
              .put("warnings", warnings)
              .build();
      out.println(Json.writePretty(document));
    } else {
      out.println(
          files.size()
              + (files.size() == 1 ? " file, " : " files, ")
              + objects
              + (objects == 1 ? " object: " : " objects: ")
              + errors
              + (errors == 1 ? " error, " : " errors, ")
              + warnings
              + (warnings == 1 ? " warning" : " warnings"));
    }
    out.flush();
    if (unreadable) {
      return ExitCodes.UNREADABLE;
    }
    return errors > 0 ? ExitCodes.INVALID : ExitCodes.OK;
  }

  /** Top-level objects in a readable document: a bundle's objects, a list's elements, or one. */
  private static int countObjects(JsonValue document) {
    return switch (document) {
      case JsonObject o
          when o.get("type").orElse(null) instanceof JsonString t && t.value().equals("bundle") ->
          o.array("objects").map(JsonArray::size).orElse(0);
      case JsonObject o -> 1;
      case JsonArray a -> a.size();
      default -> 0;
    };
  }

  private static JsonValue fileReport(
      String name, String status, int objects, List<Finding> findings, String problem) {
    List<JsonValue> items = new ArrayList<>();
    for (Finding f : findings) {
      items.add(
          JsonObject.builder()
              .put("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT))
              .put("path", f.path())
              .put("rule", f.rule())
              .put("message", f.message())
              .build());
    }
    JsonObject.Builder b =
        JsonObject.builder().put("file", name).put("status", status).put("objects", objects);
    if (problem != null) {
      b.put("problem", problem);
    }
    return b.put("findings", new JsonArray(items)).build();
  }
}
