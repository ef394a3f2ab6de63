package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.nio.file.Path;

/** One telemetry input of a {@link LiveDetection}: a file, or a stream already open. */
public sealed interface TelemetryInput {
  /** A file, named in events and bad lines by its file name; followed as it grows if asked. */
  record File(Path path) implements TelemetryInput {
    public File {
      requireNonNull(path, "path");
    }
  }

  /**
   * A stream already open, such as standard input, read to its end and closed; never followed.
   *
   * @param name names the stream in events and bad lines, e.g. {@code <stdin>}
   */
  record Opened(String name, InputStream in) implements TelemetryInput {
    public Opened {
      requireNonNull(name, "name");
      requireNonNull(in, "in");
    }
  }
}
