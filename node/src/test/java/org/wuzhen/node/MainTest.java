package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
