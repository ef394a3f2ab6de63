package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @Test
  void helpListsCommandsAndExitCodes() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("validate", "pattern", "Exit codes:", "internal error");
  }

  @Test
  void theLoadGeneratorsAreNotPartOfTheProductionCommand() {
    assertThat(CliRun.of("--help").out()).doesNotContain("bench");
    CliRun run = CliRun.of("bench", "taxii", "--root", "http://127.0.0.1:1/x/");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'bench' is not a command of 'wuzhen'");
  }

  @Test
  void anUnknownCommandFollowedByHelpIsRefusedWithTheNearestCommand() {
    CliRun run = CliRun.of("opencti", "--help");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("wuzhen: 'opencti' is not a command of 'wuzhen'")
        .contains("Did you mean '");
    assertThat(CliRun.of("sevre", "--help").err()).contains("Did you mean 'serve'?");
  }

  @Test
  void anUnknownSubcommandIsRefusedForItsParent() {
    CliRun run = CliRun.of("peer", "lst");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("'lst' is not a command of 'wuzhen peer'")
        .contains("Did you mean 'list'?");
  }

  @Test
  void aStrayArgumentAfterAKnownCommandIsStillAUsageError() {
    CliRun run = CliRun.of("member", "list", "extra", "--help");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("extra");
  }

  @Test
  void versionNamesWuzhenAndJava() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("wuzhen ").contains("Java ");
  }

  @Test
  void subcommandsHaveTheirOwnHelp() {
    CliRun run = CliRun.of("validate", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--strict", "--json", "Exit codes:");
  }

  @Test
  void unknownOptionIsAUsageError() {
    CliRun run = CliRun.of("validate", "--bogus", "x.json");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--bogus'");
  }

  @Test
  void detectAloneIsBuiltOnlyForADetectCommandLine() {
    assertThat(Main.commandLine(new String[] {"detect", "--help"}).getSubcommands().keySet())
        .containsExactly("detect");
    assertThat(Main.commandLine(new String[] {"--help"}).getSubcommands().keySet())
        .contains("detect", "serve", "misp", "stream", "validate", "help")
        .hasSizeGreaterThan(20);
    assertThat(Main.commandLine(new String[] {"help", "detect"}).getSubcommands())
        .hasSizeGreaterThan(20);
    assertThat(Main.commandLine(new String[0]).getSubcommands()).hasSizeGreaterThan(20);
  }

  @Test
  void detectAloneAnswersAsTheWholeTreeDoes(@TempDir Path dir) throws IOException {
    Path bundle = CliRun.emptyBundle(dir);
    Path log = Path.of("../detect/src/test/resources/zeek/json/dns.json.gz");
    Path out = dir.resolve("out.json");
    List<String[]> commandLines =
        List.of(
            new String[] {"detect", "--help"},
            new String[] {"detect", "-h"},
            new String[] {"detect", "--version"},
            new String[] {"detect"},
            new String[] {"detect", "--no-such-option"},
            new String[] {"detect", "--indicators", bundle.toString(), "--format", "toml", "x"},
            new String[] {
              "detect", "--indicators", dir.resolve("absent.json").toString(), log.toString()
            },
            new String[] {
              "detect",
              "--indicators",
              bundle.toString(),
              "--format",
              "zeek-json",
              "--out",
              out.toString(),
              log.toString()
            });
    for (String[] args : commandLines) {
      CliRun alone = CliRun.of(args);
      String written = Files.exists(out) ? Files.readString(out) : "";
      Files.deleteIfExists(out);
      CliRun whole = CliRun.onTheWholeTree(args);
      String writtenByWhole = Files.exists(out) ? Files.readString(out) : "";
      Files.deleteIfExists(out);
      assertThat(alone.exitCode()).as(String.join(" ", args)).isEqualTo(whole.exitCode());
      assertThat(alone.out()).as(String.join(" ", args)).isEqualTo(whole.out());
      assertThat(alone.errWithoutTimes())
          .as(String.join(" ", args))
          .isEqualTo(whole.errWithoutTimes());
      assertThat(written.isEmpty()).as(String.join(" ", args)).isEqualTo(writtenByWhole.isEmpty());
    }
    assertThat(CliRun.of("detect", "--help").out()).startsWith("Usage: wuzhen detect");
    assertThat(CliRun.of(commandLines.getLast()).err()).contains("events from 1 inputs");
  }
}
