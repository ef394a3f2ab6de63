package org.wuzhen.detect;

/**
 * One pass over the bytes of a JSON-lines record with nested objects and arrays (Suricata EVE,
 * generic JSON lines), noting where every value is (a node per value, {@link JsonNodes}: its kind,
 * its bytes, its parent, its member name) so that a reader decodes only what it asks for. Like
 * {@link FlatJsonScan} it accepts a line only when it is sure {@link org.wuzhen.stix.Json#parse}
 * accepts it too and reads it as the same tree: RFC 8259 syntax as Jackson reads it by default, an
 * object at the root, ASCII only, member names without escapes, no duplicate name within an object,
 * no string escape of a surrogate, numbers of at most 1,000 characters, nesting at most {@value
 * #MAX_DEPTH} deep (the exact reader allows 100) and at most {@value #MAX_NODES} values. Anything
 * else is refused and the caller reads the line the exact way. A directed scan ({@link
 * #scan(byte[], int, int, MemberReads)}) checks the same but makes nodes only for the members a
 * reader reads. Allocates nothing per line once its arrays have grown. Mutable; one per reader.
 */
final class JsonTape extends JsonNodes {
  /** Deepest nesting accepted (the root object is depth 1); EVE nests 4 deep. */
  static final int MAX_DEPTH = 16;

  /** Most values of one line accepted; the largest slot table holds twice as many members. */
  static final int MAX_NODES = 2048;

  private boolean dottedRootName;

  /** The names of the objects a directed scan has open, to refuse a duplicate. */
  private final OpenNames open = new OpenNames();

  /** The line's members by object and name, for {@link #member}. */
  private final MemberTable table = new MemberTable(this);

  /** The sequences of names a directed scan has met, per kind of object, and whose reads. */
  private ObjectShapes shapes = new ObjectShapes();

  private MemberReads shapesRead;

  /** Whether the scan fills the member table as it goes, or leaves it to the first lookup. */
  private boolean indexing;

  /**
   * Members an object may have before the scan keeps them in the member table to refuse a duplicate
   * name, where it compares a new name with those before it (a bit per name hash first).
   */
  private static final int FEW_MEMBERS = 24;

  /** Scans {@code [from, to)}; true when it is an object this scan is sure of (node 0). */
  boolean scan(byte[] bytes, int from, int to) {
    return scan(bytes, from, to, true);
  }

  /**
   * As {@link #scan(byte[], int, int)}; with {@code index} false the member table is filled only
   * when {@link #member} is first asked, for a reader that walks the members itself ({@link
   * #firstChild}, {@link #nameIs}) and so needs no table on most lines.
   */
  boolean scan(byte[] bytes, int from, int to, boolean index) {
    return scan(bytes, from, to, index, null);
  }

  /**
   * As {@link #scan(byte[], int, int, boolean)} without the member table, building nodes only for
   * the members {@code reads} names (at the root, and within the objects and arrays those name):
   * every other member's value is checked as the whole scan checks it (syntax, escapes, depth,
   * duplicate names at any depth) and skipped without a node. Refuses, beyond what the whole scan
   * refuses, an object of more than {@value #FEW_MEMBERS} members; a caller then scans whole. The
   * nodes answer {@link #firstChild}, {@link #kind} and the like; {@link #member} and {@link
   * #value(int)} need a whole scan.
   */
  boolean scan(byte[] bytes, int from, int to, MemberReads reads) {
    return scan(bytes, from, to, false, java.util.Objects.requireNonNull(reads));
  }

  /**
   * As {@link #scan(byte[], int, int, MemberReads)} for a line whose end is not known yet, its
   * bytes up to {@code limit}: the index just after the root object's closing brace, or -1 when
   * refused. An accepted object holds no line end (a control byte in a string is refused, and only
   * spaces and tabs are white space), and no byte after its brace decides anything (a word read
   * past it is masked, or stops at the first quote, backslash or control byte, a line end among
   * them), so a caller that finds the line's {@code \n} right after the brace (and spaces) has the
   * verdict of a scan of that line.
   */
  int scanObject(byte[] bytes, int from, int limit, MemberReads reads) {
    return root(bytes, from, limit, false, java.util.Objects.requireNonNull(reads)) ? at : -1;
  }

  private boolean scan(byte[] bytes, int from, int to, boolean index, MemberReads reads) {
    if (!root(bytes, from, to, index, reads)) {
      return false;
    }
    skipSpace();
    return at == end;
  }

  /** Scans the root object from {@code from}; {@code at} is then just after its closing brace. */
  private boolean root(byte[] bytes, int from, int to, boolean index, MemberReads reads) {
    b = bytes;
    at = from;
    end = to;
    nodes = 0;
    open.clear();
    dottedRootName = false;
    indexing = index;
    directed = reads != null;
    table.reset(index);
    skipSpace();
    if (!peek('{')) {
      return false;
    }
    ObjectShapes kinds = null;
    if (directed) {
      if (reads != shapesRead || shapes.spent()) {
        shapes = new ObjectShapes(); // its read indexes are those of other reads
        shapesRead = reads;
      }
      kinds = shapes;
    }
    return value(-1, 1, reads, kinds) >= 0;
  }

  /** Whether the line was scanned by {@link #scan(byte[], int, int, MemberReads)}. */
  boolean directed() {
    return directed;
  }

  private boolean directed;

  /**
   * The value at {@code at} as a new node under {@code up}; its node, or -1 when refused. {@code
   * reads}: those of an object value, or of each object of an array value; null: nodes for all.
   */
  private int value(int up, int depth, MemberReads reads, ObjectShapes met) {
    if (at >= end || nodes == MAX_NODES) {
      return -1;
    }
    int n = newNode(up);
    byte c = b[at];
    if (c == '{') {
      return depth > MAX_DEPTH
              || !(reads == null ? object(n, depth) : directedObject(n, depth, reads, met))
          ? -1
          : n;
    }
    if (c == '[') {
      return depth > MAX_DEPTH || !array(n, depth, reads, met) ? -1 : n;
    }
    start[n] = at;
    flags[n] = 0;
    byte k;
    if (c == '"') {
      k = string(n) ? STRING : 0;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      int f = number();
      flags[n] = Math.max(f, 0);
      k = f >= 0 ? NUMBER : 0;
    } else if (literal("true") || literal("false")) {
      k = LITERAL;
    } else {
      k = literal("null") ? NULL : 0;
    }
    if (k == 0) {
      return -1;
    }
    kind[n] = k;
    stop[n] = at;
    return n;
  }

  private boolean object(int n, int depth) {
    kind[n] = OBJECT;
    start[n] = at;
    at++;
    skipSpace();
    int last = -1;
    int count = 0;
    long hashBits = 0; // a bit per name hash seen in this object, while it has few members
    if (!take('}')) {
      while (true) {
        if (!peek('"')) {
          return false;
        }
        int ns = at + 1;
        if (skipString() != 0) {
          return false; // bad, or an escaped name
        }
        int ne = at - 1;
        skipSpace();
        if (!take(':')) {
          return false;
        }
        skipSpace();
        int m = value(n, depth + 1, null, null);
        if (m < 0) {
          return false;
        }
        nameStart[m] = ns;
        nameEnd[m] = ne;
        int len = ne - ns;
        long first = len == 0 ? 0 : prefix(ns, ne);
        long tail = len > 8 ? (long) LONGS.get(b, ne - 8) : 0;
        int h = MemberName.hash(first, tail, len);
        nameHash[m] = h;
        namePrefix[m] = first;
        if (indexing || count > FEW_MEMBERS) {
          if (!indexing && count == FEW_MEMBERS + 1) {
            table.placeChildren(n);
          }
          if (!table.insert(n, m, h)) {
            return false; // a duplicate name: Json.parse refuses the line
          }
        } else {
          long bit = 1L << (h >>> 26);
          if ((hashBits & bit) != 0 && nameBefore(n, m)) {
            return false; // a duplicate name
          }
          hashBits |= bit;
        }
        count++;
        if (n == 0
            && (hasDot(first)
                || hasDot(tail)
                || (len > 16 && indexOf(ns + 8, ne - 8, (byte) '.') >= 0))) {
          dottedRootName = true;
        }
        last = link(n, last, m);
        skipSpace();
        if (take('}')) {
          break;
        }
        if (!take(',')) {
          return false;
        }
        skipSpace();
      }
    }
    flags[n] = 0;
    stop[n] = at;
    return true;
  }

  /**
   * An object of a directed scan ({@code n} its node; -1 with {@link MemberReads#NONE}: an object
   * skipped whole): the members {@code reads} names get nodes, the others are checked and skipped.
   * While the names follow a sequence kept for objects of this kind ({@code met}, null: none kept)
   * they are taken from it unchecked (the sequence is distinct); from the first that does not, each
   * name is compared with those before it (a bit per name hash first, then the sequence's names
   * followed and the name stack, where it stays while its object is open), with or without a node.
   * The names of an object that left the sequences are kept as a new one when it closes.
   */
  private boolean directedObject(int n, int depth, MemberReads reads, ObjectShapes met) {
    if (n >= 0) {
      kind[n] = OBJECT;
      start[n] = at;
    }
    at++;
    skipSpace();
    int base = open.size();
    int last = -1;
    long hashBits = 0;
    ObjectShapes.Shape shape = met == null ? null : met.first(reads);
    // Once the line leaves the kept sequences: the one whose first names it had, and how many.
    ObjectShapes.Shape kept = null;
    int keptNames = 0;
    int p = 0;
    if (!take('}')) {
      while (true) {
        if (!peek('"')) {
          return false;
        }
        int ns = at + 1;
        int ne;
        int h;
        long first;
        int i;
        int after = -1;
        if (shape != null) {
          after = p < shape.count ? shape.matches(p, b, at, end) : -1;
          if (after < 0) {
            ObjectShapes.Shape other = met.other(shape, p, b, at, end);
            if (other != null) {
              shape = other;
              after = other.matches(p, b, at, end);
            } else {
              kept = shape;
              keptNames = p;
              shape = null;
              for (int k = 0; k < p; k++) {
                hashBits |= 1L << (kept.hash(k) >>> 26);
              }
            }
          }
        }
        if (after >= 0) {
          // The names so far are a kept sequence's: distinct, and this one too.
          ne = ns + shape.length(p);
          at = after;
          h = shape.hash(p);
          first = shape.prefix(p);
          i = shape.read(p);
          if (n == 0 && shape.dotted(p)) {
            dottedRootName = true;
          }
        } else {
          if (skipString() != 0) {
            return false; // bad, or an escaped name
          }
          ne = at - 1;
          int len = ne - ns;
          first = len == 0 ? 0 : prefix(ns, ne);
          long tail = len > 8 ? (long) LONGS.get(b, ne - 8) : 0;
          h = MemberName.hash(first, tail, len);
          long bit = 1L << (h >>> 26);
          if ((hashBits & bit) != 0
              && (open.holds(base, b, ns, ne, h)
                  || (kept != null && kept.holds(keptNames, b, ns, ne, h)))) {
            return false; // a duplicate name
          }
          hashBits |= bit;
          if (p == FEW_MEMBERS) {
            return false; // a wide object: left to the whole scan's member table
          }
          if (n == 0
              && (hasDot(first)
                  || hasDot(tail)
                  || (len > 16 && indexOf(ns + 8, ne - 8, (byte) '.') >= 0))) {
            dottedRootName = true;
          }
          i = reads.indexOf(this, h, first, ns, ne);
          open.push(ns, ne, h);
          skipSpace();
          if (!take(':')) {
            return false;
          }
        }
        skipSpace();
        p++;
        ObjectShapes inner =
            shape != null && at < end && (b[at] == '{' || b[at] == '[') ? shape.under(p - 1) : null;
        if (i < 0) {
          if (!skip(depth + 1, inner)) {
            return false;
          }
        } else {
          byte c = at < end ? b[at] : 0;
          int m =
              value(
                  n,
                  depth + 1,
                  c == '{' ? reads.members(i) : c == '[' ? reads.elements(i) : null,
                  inner);
          if (m < 0) {
            return false;
          }
          nameStart[m] = ns;
          nameEnd[m] = ne;
          nameHash[m] = h;
          namePrefix[m] = first;
          readIndex[m] = i;
          last = link(n, last, m);
        }
        skipSpace();
        if (take('}')) {
          break;
        }
        if (!take(',')) {
          return false;
        }
        skipSpace();
      }
    }
    if (met != null) {
      if (shape == null) {
        met.learn(kept, keptNames, open, base, b, reads, this);
      } else {
        met.used(shape);
      }
    }
    open.truncate(base);
    if (n >= 0) {
      flags[n] = 0;
      stop[n] = at;
    }
    return true;
  }

  /** Checks the value at {@code at} as {@link #value} would, and skips it without a node. */
  private boolean skip(int depth, ObjectShapes met) {
    if (at >= end) {
      return false;
    }
    byte c = b[at];
    if (c == '{') {
      return depth <= MAX_DEPTH && directedObject(-1, depth, MemberReads.NONE, met);
    }
    if (c == '[') {
      return depth <= MAX_DEPTH && skipArray(depth, met);
    }
    if (c == '"') {
      return skipString() >= 0;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number() >= 0;
    }
    return literal("true") || literal("false") || literal("null");
  }

  private boolean skipArray(int depth, ObjectShapes met) {
    at++;
    skipSpace();
    if (take(']')) {
      return true;
    }
    while (true) {
      if (!skip(depth + 1, met)) {
        return false;
      }
      skipSpace();
      if (take(']')) {
        return true;
      }
      if (!take(',')) {
        return false;
      }
      skipSpace();
    }
  }

  /** Whether a member of {@code object} linked so far has the name of member {@code m}. */
  private boolean nameBefore(int object, int m) {
    for (int c = firstChild[object]; c >= 0; c = nextSibling[c]) {
      if (sameName(c, m)) {
        return true;
      }
    }
    return false;
  }

  private boolean array(int n, int depth, MemberReads reads, ObjectShapes met) {
    kind[n] = ARRAY;
    start[n] = at;
    at++;
    skipSpace();
    int last = -1;
    if (!take(']')) {
      while (true) {
        int e = value(n, depth + 1, reads, met);
        if (e < 0) {
          return false;
        }
        last = link(n, last, e);
        skipSpace();
        if (take(']')) {
          break;
        }
        if (!take(',')) {
          return false;
        }
        skipSpace();
      }
    }
    flags[n] = 0;
    stop[n] = at;
    return true;
  }

  private boolean string(int n) {
    int f = skipString();
    flags[n] |= Math.max(f, 0);
    return f >= 0;
  }

  // ---- reading the scanned line ----

  /** Whether a member name of the root object holds a dot (a literal {@code dns.rrname}). */
  boolean dottedRootName() {
    return dottedRootName;
  }

  /** The member {@code name} of object node {@code object}, or -1. */
  int member(int object, String name) {
    MemberName n = MemberName.of(name);
    return n == null ? -1 : member(object, n);
  }

  /** The member {@code name} of object node {@code object}, or -1; no allocation. */
  int member(int object, MemberName name) {
    if (directed) {
      // Its nodes are only those of the members read: a lookup could miss a member present.
      throw new IllegalStateException("a directed scan's members are walked, not looked up");
    }
    if (kind[object] != OBJECT) {
      return -1;
    }
    return table.member(object, name);
  }

  /**
   * A field as {@link JsonZeekRecord} finds it in object node {@code object}: its literal name
   * first (Zeek's {@code id.orig_h}), else by walking nested objects along its dots ({@code
   * tls.sni}); -1 when absent, and null reads as absent.
   */
  int field(int object, FieldPath path) {
    if (path.whole == null) {
      return -1; // not ASCII: neither the name nor all its parts can be a scanned name
    }
    int m = member(object, path.whole);
    if (m < 0 && path.parts != null) {
      int node = object;
      for (MemberName part : path.parts) {
        node = part == null ? -1 : member(node, part); // -1: not an object, no such member
        if (node < 0) {
          return -1;
        }
      }
      m = node;
    }
    return m >= 0 && kind[m] == NULL ? -1 : m;
  }

  /**
   * As {@link #field} when the object holds no member named as the whole dotted name: the walk on
   * from node {@code first}, the member {@code parts[0]} (-1 when absent).
   */
  int fieldFrom(int first, MemberName[] parts) {
    int node = first;
    for (int i = 1; i < parts.length && node >= 0; i++) {
      node = parts[i] == null ? -1 : member(node, parts[i]);
    }
    return node >= 0 && kind[node] == NULL ? -1 : node;
  }
}
