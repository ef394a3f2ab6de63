package org.wuzhen.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.validate.StixValidator;

/**
 * Parse + validate of the real ATT&CK bundles, as {@code wuzhen validate} does it: bytes to JSON
 * tree, then every MUST and SHOULD rule with the real pattern checker. One operation is one whole
 * bundle; MB/s = file size x ops/s, objects/s = objects in the bundle x ops/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class ValidateBenchmark {
  @Param({"ics-attack.json", "mobile-attack-17.1.json"})
  public String bundle;

  byte[] bytes;
  StixValidator validator;

  @Setup
  public void load() throws IOException {
    bytes = Files.readAllBytes(StixParseBenchmark.BenchData.attackDirectory().resolve(bundle));
    validator =
        new StixValidator(
            StixValidator.Options.defaults().withPatternCheck(Patterns.validatorCheck()));
  }

  @Benchmark
  public int parseAndValidate() {
    return validator.validate(Json.parse(bytes)).size();
  }
}
