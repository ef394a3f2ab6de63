package org.wuzhen.node;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.ScoIds;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixTimestamp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wuzhen indicators}: turn common plain-text feeds into STIX indicators. */
@Command(
    name = "indicators",
    mixinStandardHelpOptions = true,
    description = "Work with indicator feeds.",
    subcommands = {IndicatorsCommand.Import.class})
final class IndicatorsCommand {

  /** Namespace of the deterministic indicator ids this command gives: UUIDv5 over the pattern. */
  static final UUID NAMESPACE = ScoIds.uuidV5(ScoIds.NAMESPACE, "wuzhen indicators import");

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Turn a plain-text feed into a STIX bundle of indicators with deterministic ids (the same",
        "value always gives the same indicator id). Formats: 'plain', one IP, CIDR, domain, URL,",
        "e-mail address or hash (MD5, SHA-1, SHA-256, SHA-512) per line; 'ipsum', IPsum's",
        "'IP<TAB>count' lines. Lines starting with # are comments; bad lines are reported with",
        "their number on stderr and skipped."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:every line was converted",
        "1:some lines were bad (the others were converted)",
        "2:the input cannot be read, or bad usage"
      })
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--format", required = true, description = "plain or ipsum.")
    Format format;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Write the bundle here instead of stdout.")
    Optional<Path> out;

    @Option(
        names = "--valid-from",
        paramLabel = "TIMESTAMP",
        description = "valid_from, created and modified (default: now).")
    Optional<String> validFrom;

    @Parameters(index = "0", paramLabel = "FILE", description = "The feed; - reads stdin.")
    String file;

    enum Format {
      plain,
      ipsum
    }

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      StixTimestamp from;
      try {
        from = validFrom.map(StixTimestamp::parse).orElse(StixTimestamp.ofMillis(Instant.now()));
      } catch (StixFormatException e) {
        err.println("wuzhen: --valid-from: " + e.getMessage());
        return ExitCodes.UNREADABLE;
      }
      byte[] bytes;
      try {
        bytes = InputFiles.read(file, System.in);
      } catch (InputFiles.UnreadableInput e) {
        err.println(InputFiles.displayName(file) + ": " + e.getMessage());
        return ExitCodes.UNREADABLE;
      }
      List<JsonValue> indicators = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      int bad = 0;
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
          number++;
          String text = line.strip();
          if (text.isEmpty() || text.startsWith("#")) {
            continue;
          }
          Optional<Entry> entry = format == Format.ipsum ? ipsum(text) : plain(text);
          if (entry.isEmpty()) {
            bad++;
            if (bad <= 100) {
              err.println(
                  InputFiles.displayName(file)
                      + ":"
                      + number
                      + ": not a valid "
                      + format
                      + " line: '"
                      + abbreviate(text)
                      + "'");
            }
            continue;
          }
          if (seen.add(entry.get().pattern())) {
            indicators.add(indicator(entry.get(), from));
          }
        }
      }
      JsonObject bundle =
          JsonObject.builder()
              .put("type", "bundle")
              .put("id", "bundle--" + UUID.randomUUID())
              .put("objects", new JsonArray(indicators))
              .build();
      if (out.isPresent()) {
        try (OutputStream o = Files.newOutputStream(out.get())) {
          Json.write(bundle, o, false);
        }
      } else {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(Json.write(bundle));
        stdout.flush();
      }
      err.println(
          indicators.size() + " indicators" + (bad > 0 ? ", " + bad + " bad lines skipped" : ""));
      err.flush();
      return bad > 0 ? ExitCodes.INVALID : ExitCodes.OK;
    }

    private static String abbreviate(String text) {
      return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
  }

  /** One feed entry: its STIX pattern and a description. */
  record Entry(String pattern, String description) {}

  static Optional<Entry> ipsum(String line) {
    String[] parts = line.split("\\s+");
    if (parts.length != 2
        || !parts[1].chars().allMatch(Character::isDigit)
        || parts[1].length() > 6) {
      return Optional.empty();
    }
    Optional<IpNetwork> ip = IpNetwork.parse(parts[0]);
    if (ip.isEmpty() || parts[0].contains("/")) {
      return Optional.empty();
    }
    return Optional.of(
        new Entry(
            "["
                + (ip.get().isV4() ? "ipv4-addr" : "ipv6-addr")
                + ":value = "
                + literal(parts[0])
                + "]",
            "IPsum: listed on " + Integer.parseInt(parts[1]) + " blocklists"));
  }

  static Optional<Entry> plain(String value) {
    if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || value.contains(" ")) {
      return Optional.empty();
    }
    Optional<IpNetwork> ip = IpNetwork.parse(value);
    if (ip.isPresent()) {
      String type = ip.get().isV4() ? "ipv4-addr" : "ipv6-addr";
      boolean block = value.contains("/");
      return Optional.of(
          new Entry(
              "[" + type + ":value " + (block ? "ISSUBSET " : "= ") + literal(value) + "]",
              "plain feed"));
    }
    if (value.contains("://")) {
      return Optional.of(new Entry("[url:value = " + literal(value) + "]", "plain feed"));
    }
    if (value.indexOf('@') > 0 && value.indexOf('@') == value.lastIndexOf('@')) {
      return Optional.of(new Entry("[email-addr:value = " + literal(value) + "]", "plain feed"));
    }
    if (value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      String algorithm =
          switch (value.length()) {
            case 32 -> "MD5";
            case 40 -> "'SHA-1'";
            case 64 -> "'SHA-256'";
            case 128 -> "'SHA-512'";
            default -> null;
          };
      if (algorithm != null) {
        return Optional.of(
            new Entry(
                "[file:hashes." + algorithm + " = " + literal(value.toLowerCase(Locale.ROOT)) + "]",
                "plain feed"));
      }
    }
    if (value.matches(
        "(?i)[a-z0-9_]([a-z0-9_-]{0,62}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,62}[a-z0-9_])?)+\\.?")) {
      return Optional.of(
          new Entry(
              "[domain-name:value = " + literal(value.toLowerCase(Locale.ROOT)) + "]",
              "plain feed"));
    }
    return Optional.empty();
  }

  /** A STIX pattern string literal (§9.6.1: backslash and quote escaped). */
  static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  static JsonObject indicator(Entry entry, StixTimestamp from) {
    String id = "indicator--" + ScoIds.uuidV5(NAMESPACE, entry.pattern());
    return JsonObject.builder()
        .put("type", "indicator")
        .put("spec_version", "2.1")
        .put("id", id)
        .put("created", from.text())
        .put("modified", from.text())
        .put("description", entry.description())
        .put(
            "indicator_types",
            new JsonArray(List.of(new org.wuzhen.stix.JsonString("malicious-activity"))))
        .put("pattern", entry.pattern())
        .put("pattern_type", "stix")
        .put("pattern_version", "2.1")
        .put("valid_from", from.text())
        .build();
  }
}
