package org.wuzhen.loadgen;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code wuzhen-loadgen}: the load generators that measure a node, kept out of the production jar.
 * Run from {@code loadgen/target/wuzhen-loadgen.jar}.
 */
@Command(
    name = "wuzhen-loadgen",
    mixinStandardHelpOptions = true,
    version = {"wuzhen-loadgen", "Java ${java.version} (${java.vendor})"},
    description = {
      "Load generators for Wuzhen: measure a running node (loopback or your own network only)"
          + " or three nodes started in this process.",
      ""
    },
    subcommands = {
      TaxiiBench.class,
      FederationBench.class,
      LoginFloodBench.class,
      ConsoleBench.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:an option out of range",
      "2:usage error, or an input that cannot be read",
      "3:internal error (a bug: please report it)"
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams and returns the exit code; used by tests. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("wuzhen-loadgen: internal error: " + e);
          e.printStackTrace(commandLine.getErr());
          return ExitCodes.INTERNAL_ERROR;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
