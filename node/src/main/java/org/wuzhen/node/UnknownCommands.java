package org.wuzhen.node;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Refuses a command line that names a command wuzhen does not have: it says so, suggests the
 * nearest command and exits 2, also when {@code --help} follows (picocli would otherwise print the
 * parent's help and exit 0, so {@code wuzhen misp --help} looked like success).
 */
final class UnknownCommands implements IExecutionStrategy, IParameterExceptionHandler {
  private final IExecutionStrategy run;
  private final IParameterExceptionHandler otherErrors;

  private UnknownCommands(IExecutionStrategy run, IParameterExceptionHandler otherErrors) {
    this.run = run;
    this.otherErrors = otherErrors;
  }

  /** Installs the check on a command line and all its subcommands. */
  static void install(CommandLine cli) {
    UnknownCommands check =
        new UnknownCommands(cli.getExecutionStrategy(), cli.getParameterExceptionHandler());
    cli.setExecutionStrategy(check);
    cli.setParameterExceptionHandler(check);
  }

  @Override
  public int execute(ParseResult parseResult) {
    List<CommandLine> chain = parseResult.asCommandLineList();
    ParseResult last = parseResult;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    if (!last.unmatched().isEmpty()) {
      throw new UnmatchedArgumentException(chain.getLast(), last.unmatched());
    }
    return run.execute(parseResult);
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) throws Exception {
    CommandLine command = e.getCommandLine();
    if (e instanceof UnmatchedArgumentException u
        && !command.getSubcommands().isEmpty()
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().getFirst().startsWith("-")) {
      String unknown = u.getUnmatched().getFirst();
      String parent = command.getCommandSpec().qualifiedName();
      PrintWriter err = command.getErr();
      err.println("wuzhen: '" + unknown + "' is not a command of '" + parent + "'");
      err.println(
          "Did you mean '"
              + nearest(unknown, command.getSubcommands().keySet())
              + "'? Run '"
              + parent
              + " --help' for the list of commands.");
      err.flush();
      return command.getCommandSpec().exitCodeOnInvalidInput();
    }
    return otherErrors.handleParseException(e, args);
  }

  /** The command name at the smallest edit distance (ties: the first in alphabetical order). */
  static String nearest(String unknown, java.util.Collection<String> commands) {
    return commands.stream()
        .filter(c -> !c.equals("help"))
        .min(
            Comparator.comparingInt((String c) -> editDistance(unknown, c))
                .thenComparing(Comparator.naturalOrder()))
        .orElse("help");
  }

  /** Levenshtein distance, case-insensitive. */
  static int editDistance(String a, String b) {
    String x = a.toLowerCase(java.util.Locale.ROOT);
    String y = b.toLowerCase(java.util.Locale.ROOT);
    int[] previous = new int[y.length() + 1];
    int[] current = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length()];
  }
}
