package org.wuzhen.misp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Independent pieces of work (MISP files, events) done on a few threads while the caller consumes
 * the results, in input order, on its own thread: conversion overlaps with what the caller does
 * with each result (storing, posting), and a sink sees one call at a time in the order it would
 * without threads. At most {@code 2 × threads} results wait at once, so memory stays bounded
 * however large the import.
 */
final class InOrder {
  private InOrder() {}

  /** Threads for conversion: the cores, less the one the caller's storing or posting uses. */
  static int threads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }

  /**
   * Applies {@code work} to every item and hands each result to {@code deliver}, in order.
   *
   * @throws RuntimeException what a piece of work threw (the first in input order), after the work
   *     in flight is abandoned; what {@code deliver} throws, likewise
   */
  static <T, R> void run(List<T> items, int threads, Function<T, R> work, Consumer<R> deliver) {
    if (items.size() <= 1) {
      for (T item : items) {
        deliver.accept(work.apply(item));
      }
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads, r -> Thread.ofPlatform().daemon().name("wuzhen-misp-convert").unstarted(r));
    try {
      Deque<Future<R>> inFlight = new ArrayDeque<>();
      int next = 0;
      while (next < items.size() || !inFlight.isEmpty()) {
        while (next < items.size() && inFlight.size() < 2 * threads) {
          T item = items.get(next++);
          inFlight.add(pool.submit(() -> work.apply(item)));
        }
        deliver.accept(await(inFlight.poll()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static <R> R await(Future<R> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while converting MISP events", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
