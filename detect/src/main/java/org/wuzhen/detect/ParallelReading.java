package org.wuzhen.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Several inputs read and matched at once, their matches committed in input order: each input is
 * read on a thread of a pool (with its own inflating thread) and matched by the plan, which is
 * immutable and thread-safe; its matches go through a bounded queue of its own, and the calling
 * thread drains the queues one input after the other, in order. So the sightings see the matches in
 * exactly the order of a serial run, and a reader ahead of the commit waits when its queue is full
 * (memory stays bounded). Only for plans without multi-observation indicators, whose windows need
 * the events of all inputs in order. Stateless; each call owns its pool.
 */
final class ParallelReading {
  /** Reads one input, giving each event to the sink. */
  interface InputReader {
    ReadReport read(TelemetryInput input, Consumer<Event> sink) throws UnreadableInputException;
  }

  /** The end of an input (the matches of an event are never empty). */
  private static final List<Match> END = List.of();

  private static final int QUEUED_EVENTS = 1024;

  private ParallelReading() {}

  /**
   * Reads {@code inputs} on {@code threads} threads, counting every event read in {@code events}
   * and giving every match to {@code commit}, on the calling thread, in the serial order.
   *
   * @return one report per input, in order
   * @throws UnreadableInputException the first input (in order) that could not be read, after the
   *     matches of those before it are committed; inputs after it may have been read meanwhile
   */
  static List<ReadReport> read(
      List<TelemetryInput> inputs,
      int threads,
      DetectionEngine engine,
      SightingOptions sightings,
      AtomicLong events,
      InputReader reader,
      Consumer<Match> commit)
      throws UnreadableInputException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(threads, inputs.size()),
            Thread.ofPlatform().daemon().name("wuzhen-detect-read-", 0).factory());
    try {
      List<BlockingQueue<List<Match>>> queues = new ArrayList<>();
      List<Future<ReadReport>> reports = new ArrayList<>();
      // A fixed pool starts its tasks in the order given, so the input the commit waits for has
      // always started: the queues cannot deadlock.
      for (TelemetryInput input : inputs) {
        BlockingQueue<List<Match>> queue = new ArrayBlockingQueue<>(QUEUED_EVENTS);
        queues.add(queue);
        reports.add(pool.submit(() -> readOne(input, engine, sightings, events, reader, queue)));
      }
      List<ReadReport> out = new ArrayList<>(inputs.size());
      for (int i = 0; i < inputs.size(); i++) {
        for (List<Match> matches = take(queues.get(i));
            !matches.isEmpty();
            matches = take(queues.get(i))) {
          matches.forEach(commit);
        }
        out.add(result(reports.get(i)));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static ReadReport readOne(
      TelemetryInput input,
      DetectionEngine engine,
      SightingOptions sightings,
      AtomicLong events,
      InputReader reader,
      BlockingQueue<List<Match>> queue)
      throws UnreadableInputException {
    try {
      return reader.read(
          input,
          new PlanMatching(
              engine, sightings, events::incrementAndGet, matches -> put(queue, matches)));
    } finally {
      put(queue, END);
    }
  }

  private static void put(BlockingQueue<List<Match>> queue, List<Match> item) {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      // The run is over (the pool is shut down): nobody reads this queue any more.
      Thread.currentThread().interrupt();
      throw new java.util.concurrent.CancellationException("reading stopped");
    }
  }

  private static List<Match> take(BlockingQueue<List<Match>> queue) {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.util.concurrent.CancellationException("interrupted while reading");
    }
  }

  private static ReadReport result(Future<ReadReport> report) throws UnreadableInputException {
    try {
      return report.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.util.concurrent.CancellationException("interrupted while reading");
    } catch (ExecutionException e) {
      throw UnreadableInputException.rethrow(e);
    }
  }
}
