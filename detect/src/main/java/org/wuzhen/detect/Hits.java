package org.wuzhen.detect;

import java.util.Arrays;

/**
 * The indicator numbers one event's values hit, gathered without boxing and then sorted with
 * duplicates dropped, so each candidate is decided once and matches come out in compilation order.
 * Mutable; one per {@code match} call.
 */
final class Hits {
  private int[] numbers = new int[8];
  private int size;

  void add(int indicator) {
    if (size == numbers.length) {
      numbers = Arrays.copyOf(numbers, size * 2);
    }
    numbers[size++] = indicator;
  }

  void addAll(int[] indicators) {
    for (int i : indicators) {
      add(i);
    }
  }

  void clear() {
    size = 0;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Sorts and removes duplicates; returns how many distinct numbers are left at the front. */
  int distinctSorted() {
    Arrays.sort(numbers, 0, size);
    int distinct = 0;
    for (int i = 0; i < size; i++) {
      if (distinct == 0 || numbers[i] != numbers[distinct - 1]) {
        numbers[distinct++] = numbers[i];
      }
    }
    size = distinct;
    return distinct;
  }

  int get(int i) {
    return numbers[i];
  }
}
