package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code wuzhen} launcher script and its ahead-of-time cache, run as a process in a project
 * laid out in a temporary directory: the real script, and in place of the application jar a tiny
 * one that prints its arguments (so no Maven build runs). The command must run the same with the
 * cache, without it, and with a cache the JVM cannot use.
 */
class LauncherTest {
  @TempDir Path root;

  @BeforeEach
  void layOut() throws Exception {
    Path script = root.resolve("wuzhen");
    Files.copy(Path.of("..", "wuzhen"), script);
    script.toFile().setExecutable(true);
    Path classes = Files.createDirectories(root.resolve("classes"));
    Path source = classes.resolve("Main.java");
    Files.writeString(
        source,
        "public class Main { public static void main(String[] a) throws Exception {"
            + " String calls = System.getenv(\"WUZHEN_TEST_CALLS\");"
            + " if (calls != null) java.nio.file.Files.writeString(java.nio.file.Path.of(calls),"
            + " String.join(\" \", a) + \"\\n\", java.nio.file.StandardOpenOption.CREATE,"
            + " java.nio.file.StandardOpenOption.APPEND);"
            + " System.out.println(\"args: \" + String.join(\" \", a)); } }");
    assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, source.toString()))
        .isZero();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Main");
    Path jar = Files.createDirectories(root.resolve("node/target")).resolve("wuzhen.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.putNextEntry(new JarEntry("Main.class"));
      out.write(Files.readAllBytes(classes.resolve("Main.class")));
      out.closeEntry();
    }
  }

  private void trainingInputs() throws IOException {
    Files.createDirectories(root.resolve("node/aot"));
    Files.writeString(root.resolve("node/aot/training-indicators.json"), "{}");
    Path logs = Files.createDirectories(root.resolve("detect/src/test/resources/zeek/json"));
    Files.writeString(logs.resolve("dns.json.gz"), "");
    Files.writeString(logs.resolve("ssl.json.gz"), "");
  }

  private record Run(int exit, String out, String err) {}

  private Run launch(String aot, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(root.resolve("wuzhen").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("WUZHEN_JAVA_OPTS");
    builder.environment().put("WUZHEN_TEST_CALLS", root.resolve("calls.txt").toString());
    if (aot != null) {
      builder.environment().put("WUZHEN_AOT", aot);
    } else {
      builder.environment().remove("WUZHEN_AOT");
    }
    Path out = root.resolve("out.txt");
    Path err = root.resolve("err.txt");
    Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher ends").isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private List<Path> caches() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("node/target"))) {
      return files.filter(f -> f.toString().endsWith(".aot")).toList();
    }
  }

  @Test
  void runsTheCommandWithTheCacheTurnedOff() throws Exception {
    trainingInputs();
    Run run = launch("off", "detect", "x");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("args: detect x\n");
    assertThat(caches()).isEmpty();
  }

  @Test
  void runsTheCommandWhenThereIsNothingToTrainOn() throws Exception {
    Run run = launch(null, "detect", "x");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("args: detect x\n");
    assertThat(run.err()).isEmpty();
    assertThat(caches()).isEmpty();
  }

  /** JDK 25 brought the AOT cache; before it the launcher runs without one, silently. */
  private static final boolean AOT = Runtime.version().feature() >= 25;

  @Test
  void trainsTheCacheOnceThenReusesItOnJdk25AndRunsWithoutItBefore() throws Exception {
    trainingInputs();
    if (!AOT) {
      Run run = launch(null, "detect", "x");
      assertThat(run.out()).isEqualTo("args: detect x\n");
      assertThat(run.err()).isEmpty();
      assertThat(caches()).isEmpty();
      return;
    }
    Run first = launch(null, "detect", "x");
    assertThat(first.exit()).isZero();
    assertThat(first.out()).isEqualTo("args: detect x\n");
    assertThat(first.err()).contains("training the ahead-of-time cache");
    assertThat(caches()).hasSize(1);
    Run second = launch(null, "detect", "y");
    assertThat(second.out()).isEqualTo("args: detect y\n");
    assertThat(second.err()).isEmpty();
    assertThat(caches()).hasSize(1);
  }

  @Test
  void mispCommandsGetACacheOfTheirOwnBesideDetectsOne() throws Exception {
    trainingInputs();
    Files.createDirectories(root.resolve("misp/src/test/resources/misp-events"));
    if (!AOT) {
      assertThat(launch(null, "misp", "import", "x").err()).isEmpty();
      assertThat(caches()).isEmpty();
      return;
    }
    launch(null, "detect", "x");
    assertThat(caches()).hasSize(1);
    Run misp = launch(null, "misp", "import", "x");
    assertThat(misp.out()).isEqualTo("args: misp import x\n");
    assertThat(misp.err()).contains("training the ahead-of-time cache");
    assertThat(caches()).hasSize(2).anySatisfy(c -> assertThat(c.toString()).endsWith("-misp.aot"));
    // Each is reused: neither command trains again, and neither cache replaced the other.
    assertThat(launch(null, "misp", "import", "y").err()).isEmpty();
    assertThat(launch(null, "detect", "y").err()).isEmpty();
    assertThat(caches()).hasSize(2);
  }

  @Test
  void detectGetsACacheOfClassesOnlyBesideTheOtherCommandsOne() throws Exception {
    trainingInputs();
    if (!AOT) {
      assertThat(launch(null, "validate", "x").err()).isEmpty();
      assertThat(caches()).isEmpty();
      return;
    }
    assertThat(launch(null, "detect", "x").err()).contains("training the ahead-of-time cache");
    assertThat(caches())
        .singleElement()
        .satisfies(c -> assertThat(c.toString()).endsWith("-detect.aot"));
    Run other = launch(null, "validate", "x");
    assertThat(other.out()).isEqualTo("args: validate x\n");
    assertThat(other.err()).contains("training the ahead-of-time cache");
    assertThat(caches()).hasSize(2);
    assertThat(launch(null, "detect", "y").err()).isEmpty();
    assertThat(launch(null, "validate", "y").err()).isEmpty();
    assertThat(caches()).hasSize(2);
  }

  @Test
  void detectsCacheIsTrainedOnAPlanSavedByAFirstRunAndRemovedAfter() throws Exception {
    trainingInputs();
    if (!AOT) {
      return;
    }
    launch(null, "detect", "x");
    List<String> calls = Files.readAllLines(root.resolve("calls.txt"));
    assertThat(calls).hasSize(3);
    // The untimed run that saves the plan, the recorded run that reads it, then the command.
    assertThat(calls.get(0)).startsWith("detect ").contains(" --plan-cache ");
    assertThat(calls.get(1)).isEqualTo(calls.get(0));
    assertThat(calls.get(2)).isEqualTo("detect x");
    String plans = calls.get(0).replaceAll(".* --plan-cache (\\S+) .*", "$1");
    assertThat(Path.of(plans)).doesNotExist();
    assertThat(plans).startsWith(root.resolve("node/target").toString());
  }

  @Test
  void aCacheTheJvmCannotReadIsSkippedWithoutAWord() throws Exception {
    trainingInputs();
    launch(null, "detect", "x");
    Path cache = root.resolve("node/target/wuzhen-made-up.aot");
    if (!caches().isEmpty()) {
      cache = caches().getFirst();
    }
    try (OutputStream out = Files.newOutputStream(cache)) {
      out.write("not an AOT cache".getBytes(StandardCharsets.US_ASCII));
    }
    Run run = launch(null, "detect", "z");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("args: detect z\n");
    assertThat(run.err()).isEmpty();
  }
}
