package org.wuzhen.stix.validate;

/**
 * A JSON path as a chain of parent links, rendered to text only when a finding needs it, so the hot
 * path never builds strings. Renders as {@code objects[3].external_references[0].url}; the root
 * alone renders as {@code $}.
 */
final class Path {
  static final Path ROOT = new Path(null, null, -1);

  private final Path parent;
  private final String name;
  private final int index;

  private Path(Path parent, String name, int index) {
    this.parent = parent;
    this.name = name;
    this.index = index;
  }

  Path child(String member) {
    return new Path(this, member, -1);
  }

  Path index(int i) {
    return new Path(this, null, i);
  }

  String render() {
    if (parent == null) {
      return "$";
    }
    StringBuilder out = new StringBuilder(48);
    append(out);
    return out.toString();
  }

  private void append(StringBuilder out) {
    if (parent == null) {
      return;
    }
    parent.append(out);
    if (name != null) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(name);
    } else {
      out.append('[').append(index).append(']');
    }
  }

  @Override
  public String toString() {
    return render();
  }
}
