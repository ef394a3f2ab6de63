package org.wuzhen.stix;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * What a file of STIX holds: a bundle, a JSON array of objects, or one object. Read in its shape
 * and written back in the same shape (signing a bundle gives a bundle).
 */
public sealed interface StixDocument {
  /** The objects, in document order. */
  List<StixObject> objects();

  /**
   * The document's shape around other objects: a bundle keeps its id and other members, a single
   * object becomes the one given.
   *
   * @throws IllegalArgumentException when a single-object document is given more or fewer than one
   */
  JsonValue with(List<StixObject> replacement);

  /**
   * Reads a document.
   *
   * @throws StixFormatException naming the first object that cannot be read ({@code [3]: ...},
   *     {@code objects[3]: ...})
   */
  static StixDocument from(JsonValue value) {
    return switch (value) {
      case JsonObject o when o.string("type").filter("bundle"::equals).isPresent() ->
          new Bundle(StixBundle.from(o));
      case JsonArray a -> {
        List<StixObject> objects = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
          try {
            objects.add(StixObject.from(a.get(i)));
          } catch (StixFormatException e) {
            throw new StixFormatException("[" + i + "]: " + e.getMessage());
          }
        }
        yield new Objects(objects);
      }
      default -> new Single(StixObject.from(value));
    };
  }

  /** A bundle (§8). */
  record Bundle(StixBundle bundle) implements StixDocument {
    public Bundle {
      requireNonNull(bundle, "bundle");
    }

    @Override
    public List<StixObject> objects() {
      return bundle.objects();
    }

    @Override
    public JsonValue with(List<StixObject> replacement) {
      return bundle.json().with("objects", array(replacement));
    }
  }

  /** A JSON array of objects. */
  record Objects(List<StixObject> objects) implements StixDocument {
    public Objects {
      objects = List.copyOf(objects);
    }

    @Override
    public JsonValue with(List<StixObject> replacement) {
      return array(replacement);
    }
  }

  /** One object. */
  record Single(StixObject object) implements StixDocument {
    public Single {
      requireNonNull(object, "object");
    }

    @Override
    public List<StixObject> objects() {
      return List.of(object);
    }

    @Override
    public JsonValue with(List<StixObject> replacement) {
      if (replacement.size() != 1) {
        throw new IllegalArgumentException(
            "a one-object document takes one object, not " + replacement.size());
      }
      return replacement.getFirst().json();
    }
  }

  private static JsonArray array(List<StixObject> objects) {
    List<JsonValue> json = new ArrayList<>(objects.size());
    objects.forEach(o -> json.add(o.json()));
    return new JsonArray(json);
  }
}
