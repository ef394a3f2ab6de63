package org.wuzhen.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wuzhen} command: one entry point, one subcommand per job. */
@Command(
    name = "wuzhen",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Wuzhen: a STIX 2.1 / TAXII 2.1 node for communities that defend cyberspace together.",
      ""
    },
    subcommands = {
      ServeCommand.class,
      ValidateCommand.class,
      AdminCommands.MemberCommand.class,
      AdminCommands.UserCommand.class,
      AdminCommands.TokenCommand.class,
      AdminCommands.CollectionCommand.class,
      IndicatorsCommand.class,
      MispCommands.class,
      DetectCommand.class,
      StreamCommand.class,
      PatternCommand.class,
      FederationCommands.PeerCommand.class,
      FederationCommands.PolicyCommand.class,
      TransparencyCommands.KeysCommand.class,
      TransparencyCommands.SignCommand.class,
      TransparencyCommands.VerifyCommand.class,
      AuditCommands.AuditCommand.class,
      BackupCommands.BackupCommand.class,
      BackupCommands.RestoreCommand.class,
      GovernanceCommands.CharterCommand.class,
      GovernanceCommands.ProposeCommand.class,
      GovernanceCommands.VoteCommand.class,
      GovernanceCommands.ProposalsCommand.class,
      DialogueCommands.ObjectCommand.class,
      DialogueCommands.DisputeCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the input was read and is invalid (or, for matching, did not match)",
      "2:usage error, or an input that cannot be read",
      "3:internal error (a bug: please report it)"
    },
    footer = {"", "Run 'wuzhen COMMAND --help' for the options of each command."})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams and returns the exit code; used by tests. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    // A detect run's saved plan is read while picocli builds and parses its command line.
    Optional<EarlyPlan> early = EarlyPlan.peek(args);
    try {
      Optional<DetectCommand> plain = DetectArguments.parse(args);
      if (plain.isPresent()) {
        return runWithoutPicocli(plain.get(), early, out, err);
      }
      return run(commandLine(args, early), args, out, err);
    } finally {
      early.ifPresent(EarlyPlan::await);
    }
  }

  /**
   * The command tree that runs {@code args}: for {@code detect} only detect's, so that a one-shot
   * run does not load and model every other command (about a tenth of a second of its start); the
   * whole tree otherwise. Both give {@code detect} the same name, options, help and errors.
   */
  static CommandLine commandLine(String[] args) {
    return commandLine(args, Optional.empty());
  }

  /** As {@link #commandLine(String[])}, detect's tree handing {@code early} to the command. */
  static CommandLine commandLine(String[] args, Optional<EarlyPlan> early) {
    return args.length > 0 && args[0].equals("detect")
        ? new CommandLine(new DetectOnly(early))
        : new CommandLine(new Main());
  }

  /** Runs {@code args} on the command tree {@code cli}; the tree may be given by tests. */
  static int run(CommandLine cli, String[] args, PrintWriter out, PrintWriter err) {
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> internalError(e, commandLine.getErr()));
    UnknownCommands.install(cli);
    return cli.execute(args);
  }

  /**
   * Runs a detect command line {@link DetectArguments} parsed, as picocli's {@code execute} would:
   * its exit code, or an exception reported as picocli's handler above reports it.
   */
  private static int runWithoutPicocli(
      DetectCommand command, Optional<EarlyPlan> early, PrintWriter out, PrintWriter err) {
    try {
      return command.call(out, err, early);
    } catch (Exception e) {
      return internalError(e, err);
    }
  }

  /** An exception out of a command: a bug, reported with its trace. */
  private static int internalError(Exception e, PrintWriter err) {
    err.println("wuzhen: internal error: " + e);
    e.printStackTrace(err);
    return ExitCodes.INTERNAL_ERROR;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The {@code wuzhen} command with {@code detect} alone under it. */
  @Command(
      name = "wuzhen",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      subcommands = {DetectCommand.class})
  static final class DetectOnly implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** The plan looked up while the command line was read, if the arguments named one. */
    final Optional<EarlyPlan> early;

    DetectOnly(Optional<EarlyPlan> early) {
      this.early = early;
    }

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("/wuzhen-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "wuzhen " + p.getProperty("version", "unknown"),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
