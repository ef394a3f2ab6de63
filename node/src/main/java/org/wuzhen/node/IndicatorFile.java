package org.wuzhen.node;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.wuzhen.detect.IndicatorSource;
import org.wuzhen.detect.UnreadableInputException;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixDocument;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;

/**
 * {@code wuzhen detect --indicators FILE}: a STIX bundle, a JSON array of objects or one object,
 * read once when the run starts; {@code -} reads stdin. A file has no community, so nothing is
 * excluded.
 */
final class IndicatorFile implements IndicatorSource {
  private final String name;

  IndicatorFile(String name) {
    this.name = requireNonNull(name, "name");
  }

  @Override
  public List<StixObject> load() throws UnreadableInputException {
    byte[] bytes;
    try {
      bytes = InputFiles.read(name, System.in);
    } catch (InputFiles.UnreadableInput e) {
      throw new UnreadableInputException(
          "--indicators " + InputFiles.displayName(name) + ": " + e.getMessage());
    }
    try {
      return StixDocument.from(Json.parse(bytes)).objects();
    } catch (StixFormatException e) {
      throw new UnreadableInputException("--indicators " + name + ": " + e.getMessage());
    }
  }
}
