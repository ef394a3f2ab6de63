package org.wuzhen.node;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the wuzhen command line in this JVM, with its exit code and output. */
record CliRun(int exitCode, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }

  /** {@code args} run on the whole picocli command tree, as before detect had a tree of its own. */
  static CliRun onTheWholeTree(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new picocli.CommandLine(new Main()),
            args,
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Standard error without the summary's time and rate, which differ from run to run. */
  String errWithoutTimes() {
    return err.replaceAll("in [0-9.]+ s \\([0-9]+ events/s\\)", "in T");
  }

  /** Writes a bundle of no objects into {@code dir}; its path. */
  static java.nio.file.Path emptyBundle(java.nio.file.Path dir) throws java.io.IOException {
    java.nio.file.Path bundle = dir.resolve("empty.json");
    java.nio.file.Files.writeString(
        bundle,
        "{\"type\": \"bundle\", \"id\": \"bundle--"
            + "0".repeat(8)
            + "-0000-4000-8000-"
            + "0".repeat(12)
            + "\", \"objects\": []}");
    return bundle;
  }
}
