package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serving nodes share the data directory's lock; a restore takes it alone. */
class DataDirectoryLockTest {
  @TempDir Path data;

  @Test
  void nodesShareTheLockAndARestoreWaitsUntilTheLastOneStopped() throws Exception {
    try (DataDirectoryLock first = DataDirectoryLock.serving(data).orElseThrow()) {
      try (DataDirectoryLock second = DataDirectoryLock.serving(data).orElseThrow()) {
        assertThat(DataDirectoryLock.restoring(data)).isEmpty();
      }
      assertThat(DataDirectoryLock.restoring(data)).isEmpty();
    }
    try (DataDirectoryLock restore = DataDirectoryLock.restoring(data).orElseThrow()) {
      assertThat(DataDirectoryLock.serving(data)).isEmpty();
      assertThat(DataDirectoryLock.restoring(data)).isEmpty();
    }
    assertThat(DataDirectoryLock.serving(data)).hasValueSatisfying(DataDirectoryLock::close);
  }

  @Test
  void serveRefusesADirectoryBeingRestored() throws Exception {
    try (DataDirectoryLock restore = DataDirectoryLock.restoring(data).orElseThrow()) {
      CliRun run = CliRun.of("serve", "--data", data.toString(), "--port", "0");
      assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREADABLE);
      assertThat(run.err()).contains("is being restored");
    }
  }
}
