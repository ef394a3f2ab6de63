package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FollowedInput} on a real file that grows while a real thread reads it. */
class FollowedInputTest {
  @TempDir Path dir;

  /** Reads the stream to its end on a thread of its own, keeping what it read. */
  private static final class Tail {
    final ByteArrayOutputStream read = new ByteArrayOutputStream();
    final Thread thread;

    Tail(InputStream in) {
      thread =
          Thread.ofPlatform()
              .start(
                  () -> {
                    byte[] buffer = new byte[3];
                    try (in) {
                      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        synchronized (read) {
                          read.write(buffer, 0, n);
                        }
                      }
                    } catch (IOException e) {
                      throw new IllegalStateException(e);
                    }
                  });
    }

    String text() {
      synchronized (read) {
        return read.toString(StandardCharsets.UTF_8);
      }
    }

    void awaitText(String expected) throws InterruptedException {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (!text().equals(expected)) {
        assertThat(thread.isAlive()).as("still following").isTrue();
        assertThat(Instant.now()).as("waiting for %s", expected).isBefore(deadline);
        Thread.sleep(10);
      }
    }
  }

  @Test
  void readsWhatIsAppendedUntilStoppedThenEndsAtTheEnd() throws Exception {
    Path file = Files.writeString(dir.resolve("grows.log"), "first\n");
    AtomicBoolean stopped = new AtomicBoolean();
    Tail tail = new Tail(new FollowedInput(Files.newInputStream(file), stopped::get));
    tail.awaitText("first\n");
    Files.writeString(file, "second\n", StandardOpenOption.APPEND);
    tail.awaitText("first\nsecond\n");
    Files.writeString(file, "third\n", StandardOpenOption.APPEND);
    stopped.set(true);
    assertThat(tail.thread.join(Duration.ofSeconds(60))).as("the stream ended").isTrue();
    assertThat(tail.text()).isEqualTo("first\nsecond\nthird\n");
  }

  @Test
  void anInterruptEndsTheWaitAndStaysSet() throws Exception {
    Path file = Files.writeString(dir.resolve("grows.log"), "x");
    AtomicBoolean interruptedAfter = new AtomicBoolean();
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  // A FileInputStream: a FileChannel's stream would close on the interrupt.
                  try (InputStream in =
                      new FollowedInput(new FileInputStream(file.toFile()), () -> false)) {
                    in.readAllBytes();
                    interruptedAfter.set(Thread.currentThread().isInterrupted());
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                });
    reader.interrupt();
    assertThat(reader.join(Duration.ofSeconds(60))).as("the stream ended").isTrue();
    assertThat(interruptedAfter).isTrue();
  }
}
