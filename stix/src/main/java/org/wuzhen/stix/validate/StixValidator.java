package org.wuzhen.stix.validate;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.validate.Finding.Severity;

/**
 * Validates STIX 2.1 documents (a bundle, a single object, or a JSON array of objects) and reports
 * every finding, not just the first: broken MUSTs as errors, broken SHOULDs as warnings (errors too
 * when {@linkplain Options#strict() strict}). Immutable and thread-safe.
 */
public final class StixValidator {

  /**
   * How to validate.
   *
   * @param strict report broken SHOULD rules as errors, like cti-stix-validator's {@code --strict}
   * @param patternCheck checks the text of {@code stix} indicator patterns
   */
  public record Options(boolean strict, PatternCheck patternCheck) {
    public Options {
      requireNonNull(patternCheck, "patternCheck");
    }

    /** Not strict; patterns need only be non-empty. */
    public static Options defaults() {
      return new Options(false, PatternCheck.acceptNonEmpty());
    }

    public Options withStrict(boolean value) {
      return new Options(value, patternCheck);
    }

    public Options withPatternCheck(PatternCheck value) {
      return new Options(strict, value);
    }
  }

  private final Options options;

  public StixValidator() {
    this(Options.defaults());
  }

  public StixValidator(Options options) {
    this.options = requireNonNull(options, "options");
  }

  public Options options() {
    return options;
  }

  /**
   * Parses and validates a document. Unreadable JSON (malformed, invalid UTF-8, duplicate member
   * names, nested too deep) gives one {@code json-syntax} finding at {@code $} whose message starts
   * with the line and column.
   */
  public List<Finding> validate(byte[] utf8) {
    JsonValue document;
    try {
      document = Json.parse(utf8);
    } catch (JsonSyntaxException e) {
      return List.of(new Finding(Severity.ERROR, "$", "json-syntax", e.getMessage()));
    }
    return validate(document);
  }

  /** Validates a parsed document and returns all findings, in document order. */
  public List<Finding> validate(JsonValue document) {
    Findings findings = new Findings(options.strict());
    Run run = new Run(findings, new ObjectValidator(findings, options.patternCheck()));
    switch (document) {
      case JsonObject o -> {
        if (ObjectValidator.member(o, "type") instanceof JsonString t
            && t.value().equals("bundle")) {
          run.bundle(o);
        } else {
          run.objects.validate(o, Path.ROOT);
        }
      }
      case JsonArray a -> run.list(a, Path.ROOT);
      default ->
          findings.error(
              Path.ROOT,
              "top-level",
              "expected a bundle, a STIX object or a list of STIX objects, found "
                  + ValueChecks.describe(document));
    }
    return findings.toList();
  }

  /** True when no finding is an error. */
  public static boolean isValid(List<Finding> findings) {
    for (Finding f : findings) {
      if (f.isError()) {
        return false;
      }
    }
    return true;
  }

  /** State of one validation: the findings and the ids seen so far. */
  private static final class Run {
    private final Findings findings;
    private final ObjectValidator objects;
    private final ValueChecks values;
    private final Map<String, Integer> versions = new HashMap<>();

    Run(Findings findings, ObjectValidator objects) {
      this.findings = findings;
      this.objects = objects;
      this.values = new ValueChecks(findings);
    }

    /** §8: type, id, optional non-empty objects; no spec_version in STIX 2.1. */
    void bundle(JsonObject b) {
      Path root = Path.ROOT;
      JsonValue id = ObjectValidator.member(b, "id");
      if (id == null) {
        findings.error(root, "id", "required-property", "missing (required on bundle)");
      } else if (!(id instanceof JsonString s)) {
        values.wrongType(root, "id", "an identifier string", id);
      } else {
        String problem = Syntax.idProblem(s.value());
        if (problem != null) {
          findings.error(root, "id", "id-format", problem);
        } else if (!Syntax.idHasType(s.value(), "bundle")) {
          findings.error(
              root, "id", "id-type", "'" + s.value() + "' does not start with 'bundle--'");
        } else if (Syntax.uuidVersion(s.value()) != 4) {
          findings.warn(root, "id", "uuid-v4", "'" + s.value() + "' should use a UUIDv4");
        }
      }
      for (int i = 0; i < b.size(); i++) {
        String name = b.nameAt(i);
        JsonValue v = b.valueAt(i);
        switch (name) {
          case "type", "id" -> {}
          case "spec_version" ->
              findings.error(
                  root,
                  name,
                  "spec-version",
                  "a STIX 2.1 bundle has no spec_version (the objects carry it)");
          case "objects" -> {
            if (v instanceof JsonArray a) {
              if (a.size() == 0) {
                findings.error(
                    root, name, "empty-list", "lists must not be empty (§2.8); omit the property");
              }
              list(a, root.child(name));
            } else {
              findings.error(
                  root,
                  name,
                  "top-level",
                  "expected a list of STIX objects, found " + ValueChecks.describe(v));
            }
          }
          default -> values.noNulls(v, root, name);
        }
      }
    }

    void list(JsonArray a, Path at) {
      if (a.size() == 0 && at == Path.ROOT) {
        findings.error(at, "top-level", "an empty list holds no STIX objects");
      }
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i) instanceof JsonObject o) {
          objects.validate(o, at.index(i));
          duplicate(o, at, i);
        } else {
          findings.error(
              at.index(i),
              "top-level",
              "expected a STIX object, found " + ValueChecks.describe(a.get(i)));
        }
      }
    }

    /** Two objects with the same id and the same version (modified) in one document. */
    private void duplicate(JsonObject o, Path list, int index) {
      if (!(ObjectValidator.member(o, "id") instanceof JsonString id)) {
        return;
      }
      JsonValue version = ObjectValidator.member(o, "modified");
      if (version == null) {
        version = ObjectValidator.member(o, "created");
      }
      String key = version instanceof JsonString v ? id.value() + ' ' + v.value() : id.value();
      Integer first = versions.putIfAbsent(key, index);
      if (first != null) {
        findings.warn(
            list.index(index),
            "id",
            "duplicate-id",
            "same id and version as "
                + list.index(first).render()
                + (version instanceof JsonString v ? " (modified " + v.value() + ")" : ""));
      }
    }
  }
}
