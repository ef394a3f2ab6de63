package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@link DetectArguments} gives every field of the command exactly the value picocli gives it, for
 * random command lines of the options it reads; it leaves to picocli whatever picocli would refuse
 * or treat apart (help, errors, repeated options), so those answers stay picocli's; and a run
 * through it answers as the same command line on the whole picocli tree.
 */
class DetectArgumentsTest {
  @TempDir Path dir;

  /** The command picocli makes of {@code args}: detect's own tree, as a run builds it. */
  private static DetectCommand byPicocli(String... args) {
    CommandLine cli = Main.commandLine(args);
    CommandLine.ParseResult parsed = cli.parseArgs(args);
    return (DetectCommand) parsed.subcommand().commandSpec().userObject();
  }

  /** Every field picocli sets (the spec and the credentials, which it alone uses, aside). */
  private static List<Field> parsedFields() {
    List<Field> fields = new ArrayList<>();
    for (Field f : DetectCommand.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers())
          || f.isAnnotationPresent(CommandLine.Spec.class)
          || f.isAnnotationPresent(CommandLine.Mixin.class)
          || (!f.isAnnotationPresent(CommandLine.Option.class)
              && !f.isAnnotationPresent(CommandLine.Parameters.class))) {
        continue;
      }
      f.setAccessible(true);
      fields.add(f);
    }
    return fields;
  }

  @Test
  void setsEveryFieldAsPicocliDoesOnRandomCommandLines() throws Exception {
    List<Field> fields = parsedFields();
    assertThat(fields).as("every option and the inputs").hasSizeGreaterThan(18);
    Random r = new Random(18);
    List<String[]> options =
        List.of(
            new String[] {"--plan-cache", dir.resolve("plans").toString()},
            new String[] {"--out", "out.json"},
            new String[] {"--mapping", "map.json"},
            new String[] {"--output-format", "jsonl"},
            new String[] {"--bucket", "15m"},
            new String[] {"--flush", "soon"},
            new String[] {"--window", "2h"},
            new String[] {"--verify-plan"},
            new String[] {"--quiet"},
            new String[] {"--no-observed-data"},
            new String[] {"--follow"},
            new String[] {"--threads", "N"},
            new String[] {"--sample", "N"},
            new String[] {"--max-state", "N"},
            new String[] {"--metrics-port", "N"});
    List<String> numbers = List.of("0", "1", "3", "9", "10", "256", "65535", "999999999");
    int compared = 0;
    for (int n = 0; n < 300; n++) {
      List<String> args = new ArrayList<>(List.of("detect"));
      List<String[]> parts = new ArrayList<>();
      parts.add(new String[] {"--indicators", "ind-" + n + ".json"});
      parts.add(new String[] {"--format", r.nextBoolean() ? "zeek-json" : "toml"});
      for (String[] option : options) {
        if (r.nextInt(3) == 0) {
          parts.add(
              option.length == 2 && option[1].equals("N") // a number, drawn here
                  ? new String[] {option[0], numbers.get(r.nextInt(numbers.size()))}
                  : option);
        }
      }
      for (int k = r.nextInt(3) + 1; k > 0; k--) {
        parts.add(new String[] {r.nextInt(5) == 0 ? "-" : "log-" + k + ".gz"});
      }
      java.util.Collections.shuffle(parts, r);
      for (String[] part : parts) {
        if (part.length == 2 && r.nextBoolean()) {
          args.add(part[0] + "=" + part[1]);
        } else {
          args.addAll(List.of(part));
        }
      }
      String[] line = args.toArray(String[]::new);
      DetectCommand plain = DetectArguments.parse(line).orElseThrow(() -> new AssertionError(args));
      DetectCommand parsed = byPicocli(line);
      for (Field f : fields) {
        assertThat(f.get(plain)).as("%s in %s", f.getName(), args).isEqualTo(f.get(parsed));
      }
      compared++;
    }
    assertThat(compared).isEqualTo(300);
  }

  @Test
  void leavesToPicocliWhatPicocliAloneAnswers() {
    String ind = "--indicators";
    List<String[]> lines =
        List.of(
            new String[] {"detect"},
            new String[] {"detect", "--help"},
            new String[] {"detect", "-h", ind, "i.json", "--format", "zeek", "x"},
            new String[] {"detect", "--version"},
            new String[] {"detect", ind, "i.json", "x"},
            new String[] {"detect", "--format", "zeek", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--quiet", "--quiet", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--format", "eve", "x"},
            new String[] {"detect", ind, "i.json", "--format=zeek", "--format", "eve", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--quiet=true", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--no-such", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--out"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--out", "--quiet", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--out=", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "@args.txt"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "-q", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--threads", "010", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--threads", "0x10", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--threads", "+3", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--threads", "-1", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--threads=", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--sample", "3.5", "x"},
            new String[] {
              "detect", ind, "i.json", "--format", "zeek", "--sample", "1234567890", "x"
            },
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--max-state", "٣", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--user", "u", "x"},
            new String[] {
              "detect", ind, "i.json", "--format", "zeek", "--publish", "http://n/", "x"
            },
            new String[] {"detect", ind, "https://n/api/collections/c/", "--format", "zeek", "x"},
            new String[] {"detect", ind, "i.json", "--format", "zeek", "--out", "a\0b", "x"},
            new String[] {"validate", "x.json"},
            new String[] {});
    for (String[] line : lines) {
      assertThat(DetectArguments.parse(line)).as(String.join(" ", line)).isEmpty();
    }
  }

  @Test
  void aPlainRunAnswersAsTheWholeTree() throws IOException {
    Path bundle = CliRun.emptyBundle(dir);
    String log = "../detect/src/test/resources/zeek/json/dns.json.gz";
    String b = bundle.toString();
    List<String[]> lines =
        List.of(
            new String[] {"detect", "--indicators", b, "--format", "zeek-json", log},
            new String[] {"detect", "--indicators", b, "--format", "toml", log},
            new String[] {"detect", "--indicators", b, "--format", "zeek", "--bucket", "x", log},
            new String[] {"detect", "--indicators", b, "--format", "jsonl", log},
            new String[] {"detect", "--indicators", b, "--format", "zeek", "--verify-plan", log},
            new String[] {"detect", "--indicators", b, "--format", "zeek", "--threads", "3", log},
            new String[] {"detect", "--indicators", b, "--format", "zeek", "--threads=0", log},
            new String[] {"detect", "--indicators", b, "--format", "zeek", "--sample", "0", log},
            new String[] {
              "detect", "--indicators", b, "--format", "zeek", "--output-format=y", log
            },
            new String[] {"detect", "--indicators", b, "--format", "zeek", "--follow", log, log},
            new String[] {
              "detect", "--indicators", b, "--format", "zeek", dir.resolve("no").toString()
            },
            new String[] {
              "detect",
              "--indicators",
              dir.resolve("absent.json").toString(),
              "--format",
              "zeek",
              log
            });
    for (String[] line : lines) {
      assertThat(DetectArguments.parse(line)).as(String.join(" ", line)).isPresent();
      CliRun plain = CliRun.of(line);
      CliRun whole = CliRun.onTheWholeTree(line);
      assertThat(plain.exitCode()).as(String.join(" ", line)).isEqualTo(whole.exitCode());
      assertThat(plain.out().replaceAll("--[0-9a-f-]{36}", "--ID"))
          .as(String.join(" ", line))
          .isEqualTo(whole.out().replaceAll("--[0-9a-f-]{36}", "--ID"));
      assertThat(plain.errWithoutTimes())
          .as(String.join(" ", line))
          .isEqualTo(whole.errWithoutTimes());
    }
    assertThat(CliRun.of(lines.getFirst()).err()).contains("events from 1 inputs");
    assertThat(CliRun.of(lines.get(1)).err()).contains("--format: 'toml' is not one of");
  }

  @Test
  void theDefaultsAreTheInitialisersPicocliTakes() {
    DetectCommand parsed = byPicocli("detect", "--indicators", "i.json", "--format", "zeek", "x");
    assertThat(parsed.bucket).isEqualTo("1h");
    assertThat(parsed.flush).isEqualTo("1m");
    assertThat(parsed.window).isEqualTo("24h");
    assertThat(parsed.outputFormat).isEqualTo("bundle");
    assertThat(parsed.sample).isEqualTo(5);
    assertThat(parsed.maxState).isEqualTo(256);
    assertThat(parsed.threads).isEqualTo(Optional.empty());
  }
}
