package org.wuzhen.loadgen;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the wuzhen-loadgen command line in this JVM, with its exit code and output. */
record CliRun(int exitCode, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }
}
