package org.wuzhen.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the fields a format reads in a scanned line by walking the members of the objects it reads
 * once each, a name looked up in a small table of the names it reads, where {@link JsonTape#field}
 * would look up every field in a table of all the line's members (which the scan then need not
 * fill: {@link JsonTape#scan(byte[], int, int, boolean)}). It answers as {@link JsonTape#field}
 * does on a line none of whose root names holds a dot, for fields named by one name or two ({@code
 * src_ip}, {@code dns.rrname}) and, in the objects of an array of records, by one name without a
 * dot. Mutable scratch (the nodes found); one per reader.
 */
final class FieldWalk {
  /** A field to find: its name, its number, and for an array of records those of its objects. */
  record Spec(FieldPath path, int number, List<Spec> inner) {}

  /**
   * The names read in one kind of object ({@code reads}): per name, the field it is ({@code -1}:
   * none) and the level of the object it names ({@code null}: none); every field under it, to
   * clear. Immutable.
   */
  private record Level(MemberReads reads, int[] field, Level[] under, int[] fields) {
    /**
     * The index of member {@code m}'s name among the names read, or -1; as the directed scan of
     * these names found it (a level's names direct the scan of its objects: {@link #reads}).
     */
    int of(JsonTape tape, int m) {
      return tape.directed()
          ? tape.readIndex(m)
          : reads.indexOf(
              tape, tape.nameHash(m), tape.namePrefix(m), tape.nameStart(m), tape.nameEnd(m));
    }
  }

  private final Level root;
  private final Map<Integer, Level> records;
  private final int[] node;
  private final int[] rootNode;

  private FieldWalk(Level root, Map<Integer, Level> records, int fields) {
    this.root = root;
    this.records = records;
    this.node = new int[fields];
    this.rootNode = new int[root.reads.names.length];
  }

  /** A walk for these fields, numbered from 0 to {@code fields - 1}; empty when it cannot. */
  static Optional<FieldWalk> of(List<Spec> specs, int fields) {
    Map<Integer, Level> records = new java.util.HashMap<>();
    Map<String, MemberName> rootNames = new LinkedHashMap<>();
    Map<String, Integer> rootField = new java.util.HashMap<>();
    Map<String, Map<String, Integer>> second = new LinkedHashMap<>();
    for (Spec s : specs) {
      FieldPath p = s.path();
      if (p.whole == null) {
        return Optional.empty();
      }
      if (p.parts == null) {
        rootNames.put(p.whole.text, p.whole);
        rootField.put(p.whole.text, s.number());
      } else if (p.parts.length == 2 && p.parts[0] != null && p.parts[1] != null) {
        rootNames.put(p.parts[0].text, p.parts[0]);
        second
            .computeIfAbsent(p.parts[0].text, k -> new LinkedHashMap<>())
            .put(p.parts[1].text, s.number());
      } else {
        return Optional.empty();
      }
      if (!s.inner().isEmpty() && !records(s, records)) {
        return Optional.empty();
      }
    }
    List<MemberName> names = new ArrayList<>(rootNames.values());
    int[] field = new int[names.size()];
    Level[] under = new Level[names.size()];
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i).text;
      field[i] = rootField.getOrDefault(n, -1);
      if (field[i] >= 0) {
        all.add(field[i]);
      }
      Map<String, Integer> sub = second.get(n);
      if (sub != null) {
        List<MemberName> subNames = new ArrayList<>();
        int[] subField = new int[sub.size()];
        int k = 0;
        for (Map.Entry<String, Integer> e : sub.entrySet()) {
          subNames.add(MemberName.of(e.getKey()));
          subField[k++] = e.getValue();
          all.add(e.getValue());
        }
        under[i] = level(subNames, subField, new Level[sub.size()], subField, records);
      }
    }
    Level root =
        level(names, field, under, all.stream().mapToInt(Integer::intValue).toArray(), records);
    return Optional.of(new FieldWalk(root, Map.copyOf(records), fields));
  }

  /** The level of the objects of an array of records, and of theirs; false when it cannot. */
  private static boolean records(Spec s, Map<Integer, Level> records) {
    List<MemberName> names = new ArrayList<>();
    int[] field = new int[s.inner().size()];
    for (int i = 0; i < field.length; i++) {
      Spec inner = s.inner().get(i);
      if (inner.path().whole == null || inner.path().whole.text.indexOf('.') >= 0) {
        return false; // a dotted name is looked up literally first: left to JsonTape.field
      }
      names.add(inner.path().whole);
      field[i] = inner.number();
      if (!inner.inner().isEmpty() && !records(inner, records)) {
        return false;
      }
    }
    records.put(s.number(), level(names, field, new Level[field.length], field, records));
    return true;
  }

  /** A level; the objects of an array that is a field of {@code records} are read as its level. */
  private static Level level(
      List<MemberName> names, int[] field, Level[] under, int[] all, Map<Integer, Level> records) {
    MemberReads[] members = new MemberReads[names.size()];
    MemberReads[] elements = new MemberReads[names.size()];
    for (int i = 0; i < names.size(); i++) {
      members[i] = under[i] == null ? null : under[i].reads;
      Level inner = field[i] < 0 ? null : records.get(field[i]);
      elements[i] = inner == null ? null : inner.reads;
    }
    return new Level(new MemberReads(names, members, elements), field, under, all);
  }

  /**
   * The names a directed scan builds nodes for ({@link JsonTape#scan(byte[], int, int,
   * MemberReads)}): those this walk looks for, at every level, so that it finds on the scanned
   * nodes what it finds on a whole scan.
   */
  MemberReads reads() {
    return root.reads;
  }

  /** Finds the fields of the root object (node 0) and of the objects its reads name. */
  void root(JsonTape tape) {
    java.util.Arrays.fill(rootNode, -1);
    walk(tape, root, 0, rootNode);
  }

  /** Finds the fields of the records of field {@code number} in object node {@code object}. */
  void record(JsonTape tape, int number, int object) {
    walk(tape, records.get(number), object, null);
  }

  private void walk(JsonTape tape, Level level, int object, int[] found) {
    for (int f : level.fields) {
      node[f] = -1;
    }
    for (int c = tape.firstChild(object); c >= 0; c = tape.nextSibling(c)) {
      int i = level.of(tape, c);
      if (i < 0) {
        continue;
      }
      if (found != null) {
        found[i] = c;
      }
      if (level.field[i] >= 0 && tape.kind(c) != JsonTape.NULL) {
        node[level.field[i]] = c;
      }
      if (level.under[i] != null && tape.kind(c) == JsonTape.OBJECT) {
        walk(tape, level.under[i], c, null);
      }
    }
  }

  /** The node of field {@code number} as {@link JsonTape#field} finds it, after a walk. */
  int node(int number) {
    return node[number];
  }

  /** The index of {@code name} among the root names the walk looks for, or -1. */
  int rootIndex(MemberName name) {
    for (int i = 0; i < root.reads.names.length; i++) {
      if (root.reads.names[i].text.equals(name.text)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether the root object has a member of the root name at {@code index}, after {@link #root}.
   */
  boolean rootFound(int index) {
    return rootNode[index] >= 0;
  }

  /**
   * Whether the root object has a member named {@code name} (of any value), after {@link #root}.
   */
  boolean rootHas(JsonTape tape, MemberName name) {
    MemberName[] names = root.reads.names;
    for (int i = 0; i < names.length; i++) {
      // Equal names, not only the same instance: MemberName.of makes a new one once it knows many.
      if (names[i] == name || (names[i].hash == name.hash && names[i].text.equals(name.text))) {
        return rootNode[i] >= 0;
      }
    }
    return tape.member(0, name) >= 0;
  }
}
