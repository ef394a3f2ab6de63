package org.wuzhen.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonNull;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * The nodes a scan of one JSON line makes ({@link JsonTape}), a value each: its kind, where its
 * bytes are, its parent, its first child and next sibling, and a member's name (where, its hash and
 * first 8 bytes); and what a reader asks of them: a string's text, a number's digits, the tree
 * {@link org.wuzhen.stix.Json#parse} gives. {@link JsonTape} extends it so that the scan's loop
 * writes the arrays directly. Mutable; the state of one tape.
 */
abstract class JsonNodes extends JsonCursor {
  static final byte STRING = 1;
  static final byte NUMBER = 2;
  static final byte LITERAL = 3;
  static final byte NULL = 4;
  static final byte ARRAY = 5;
  static final byte OBJECT = 6;

  int nodes;
  byte[] kind = new byte[64];
  int[] start = new int[64];
  int[] stop = new int[64];
  int[] flags = new int[64];
  int[] parent = new int[64];
  int[] nameStart = new int[64];
  int[] nameEnd = new int[64];
  int[] nameHash = new int[64];
  long[] namePrefix = new long[64];
  int[] firstChild = new int[64];
  int[] nextSibling = new int[64];
  int[] childCount = new int[64];

  /** Per member of a directed scan, the index of its name among its object's reads. */
  int[] readIndex = new int[64];

  int newNode(int up) {
    grow();
    int n = nodes++;
    parent[n] = up;
    firstChild[n] = -1;
    nextSibling[n] = -1;
    childCount[n] = 0;
    nameStart[n] = -1;
    return n;
  }

  /**
   * Whether the name at {@code [from, to)} of the line, of hash {@code hash} and first 8 bytes
   * {@code prefix}, is {@code name}.
   */
  boolean nameAt(int from, int to, int hash, long prefix, MemberName name) {
    int len = name.bytes.length;
    return hash == name.hash
        && prefix == name.prefix
        && to - from == len
        && (len <= 8
            || ((long) LONGS.get(b, to - 8) == name.suffix
                && (len <= 16
                    || java.util.Arrays.equals(b, from + 8, to - 8, name.bytes, 8, len - 8))));
  }

  /**
   * After a directed scan, the index of member {@code m}'s name among the {@link MemberReads#names}
   * that directed its object (a directed scan makes nodes only for members so named).
   */
  int readIndex(int m) {
    return readIndex[m];
  }

  /** The first (up to) 8 bytes of member {@code m}'s name, as {@link MemberName#prefix}. */
  long namePrefix(int m) {
    return namePrefix[m];
  }

  /** Where member {@code m}'s name starts in {@link #bytes}. */
  int nameStart(int m) {
    return nameStart[m];
  }

  /** Where member {@code m}'s name ends in {@link #bytes}. */
  int nameEnd(int m) {
    return nameEnd[m];
  }

  /** Whether members {@code a} and {@code m} have the same name. */
  boolean sameName(int a, int m) {
    return nameHash[a] == nameHash[m]
        && namePrefix[a] == namePrefix[m]
        && java.util.Arrays.equals(b, nameStart[a], nameEnd[a], b, nameStart[m], nameEnd[m]);
  }

  /** The object or array node {@code n} is in; -1 for the root. */
  int parent(int n) {
    return parent[n];
  }

  /** Whether node {@code n} is a member of an object (has a name). */
  boolean named(int n) {
    return nameStart[n] >= 0;
  }

  /** Nodes of the line scanned last. */
  int nodeCount() {
    return nodes;
  }

  int link(int n, int last, int child) {
    if (last < 0) {
      firstChild[n] = child;
    } else {
      nextSibling[last] = child;
    }
    childCount[n]++;
    return child;
  }

  void grow() {
    if (nodes == kind.length) {
      int n = nodes * 2;
      kind = java.util.Arrays.copyOf(kind, n);
      start = java.util.Arrays.copyOf(start, n);
      stop = java.util.Arrays.copyOf(stop, n);
      flags = java.util.Arrays.copyOf(flags, n);
      parent = java.util.Arrays.copyOf(parent, n);
      nameStart = java.util.Arrays.copyOf(nameStart, n);
      nameEnd = java.util.Arrays.copyOf(nameEnd, n);
      nameHash = java.util.Arrays.copyOf(nameHash, n);
      namePrefix = java.util.Arrays.copyOf(namePrefix, n);
      firstChild = java.util.Arrays.copyOf(firstChild, n);
      nextSibling = java.util.Arrays.copyOf(nextSibling, n);
      childCount = java.util.Arrays.copyOf(childCount, n);
      readIndex = java.util.Arrays.copyOf(readIndex, n);
    }
  }

  /** The hash of member {@code m}'s name, as {@link MemberName#hash} has it for an equal name. */
  int nameHash(int m) {
    return nameHash[m];
  }

  /** Whether member {@code m} is named {@code name}. */
  boolean nameIs(int m, MemberName name) {
    return nameAt(nameStart[m], nameEnd[m], nameHash[m], namePrefix[m], name);
  }

  byte kind(int n) {
    return kind[n];
  }

  /** As {@link JsonValue#kind()} names it, for messages. */
  String kindName(int n) {
    return switch (kind[n]) {
      case STRING -> "string";
      case NUMBER -> "number";
      case LITERAL -> "boolean";
      case NULL -> "null";
      case ARRAY -> "array";
      default -> "object";
    };
  }

  int childCount(int n) {
    return childCount[n];
  }

  int firstChild(int n) {
    return firstChild[n];
  }

  int nextSibling(int n) {
    return nextSibling[n];
  }

  boolean integer(int n) {
    return (flags[n] & NOT_INTEGER) == 0;
  }

  /** Digits of a number node before its point, sign excluded; -1 with an exponent. */
  int wholeDigits(int n) {
    int i = start[n] + (b[start[n]] == '-' ? 1 : 0);
    int from = i;
    while (i < stop[n] && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    for (int j = i; j < stop[n]; j++) {
      if (b[j] == 'e' || b[j] == 'E') {
        return -1;
      }
    }
    return i - from;
  }

  /** Characters of a number node, sign included. */
  int length(int n) {
    return stop[n] - start[n];
  }

  /** Points {@code view} at a string node's content when it holds no escape; false otherwise. */
  boolean textView(int n, AsciiText view) {
    if ((flags[n] & ESCAPED) != 0) {
      return false;
    }
    view.set(b, start[n] + 1, stop[n] - 1);
    return true;
  }

  /** The content of a string node, decoded (escapes as RFC 8259 §7). */
  String text(int n) {
    int from = start[n];
    int to = stop[n];
    if ((flags[n] & ESCAPED) == 0) {
      return new String(b, from + 1, to - from - 2, StandardCharsets.ISO_8859_1);
    }
    StringBuilder out = new StringBuilder(to - from);
    for (int i = from + 1; i < to - 1; i++) {
      char c = (char) b[i];
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = (char) b[++i];
      switch (e) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          out.append((char) hex4(i + 1));
          i += 4;
        }
        default -> out.append(e); // " \ /
      }
    }
    return out.toString();
  }

  /** The text of a number node as written. */
  String raw(int n) {
    return new String(b, start[n], stop[n] - start[n], StandardCharsets.ISO_8859_1);
  }

  /** Bytes of the line, for checks on a node's raw text. */
  byte[] bytes() {
    return b;
  }

  int start(int n) {
    return start[n];
  }

  int stop(int n) {
    return stop[n];
  }

  /** The node as the tree {@link org.wuzhen.stix.Json#parse} gives for it. */
  JsonValue value(int n) {
    return switch (kind[n]) {
      case STRING -> new JsonString(text(n));
      case NUMBER -> new JsonNumber(raw(n));
      case LITERAL -> JsonBoolean.of(b[start[n]] == 't');
      case NULL -> JsonNull.INSTANCE;
      case ARRAY -> {
        List<JsonValue> elements = new ArrayList<>(childCount[n]);
        for (int e = firstChild[n]; e >= 0; e = nextSibling[e]) {
          elements.add(value(e));
        }
        yield new JsonArray(elements);
      }
      default -> {
        JsonObject.Builder o = JsonObject.builder();
        for (int m = firstChild[n]; m >= 0; m = nextSibling[m]) {
          o.put(
              new String(b, nameStart[m], nameEnd[m] - nameStart[m], StandardCharsets.ISO_8859_1),
              value(m));
        }
        yield o.build();
      }
    };
  }
}
