package org.wuzhen.web;

import java.util.ArrayList;
import java.util.List;
import org.wuzhen.web.view.ObjectPageView.Bar;
import org.wuzhen.web.view.ObjectPageView.Chart;
import org.wuzhen.web.view.ObjectPageView.Property;

/**
 * The sightings-over-time chart of an object page: one bar per day (the latest {@link #DAYS} days
 * that have sightings), heights scaled to the largest count, drawn by the template as SVG.
 */
final class SightingsChart {
  static final int DAYS = 60;
  static final int WIDTH = 600;
  static final int HEIGHT = 120;

  private SightingsChart() {}

  /** The chart of sightings by day: days in ascending order, counts as decimal text. */
  static Chart of(List<Property> byDay) {
    List<Property> days =
        byDay.size() > DAYS ? byDay.subList(byDay.size() - DAYS, byDay.size()) : byDay;
    long max = 0;
    for (Property p : days) {
      max = Math.max(max, Long.parseLong(p.value()));
    }
    if (days.isEmpty() || max == 0) {
      return new Chart(WIDTH, HEIGHT, 0, List.of());
    }
    int slot = WIDTH / days.size();
    int width = Math.max(1, slot - 2);
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < days.size(); i++) {
      long count = Long.parseLong(days.get(i).value());
      // A day or minute without sightings has no bar (days listed always have some).
      int height = count == 0 ? 0 : (int) Math.max(1, Math.round((double) count * HEIGHT / max));
      bars.add(new Bar(i * slot, HEIGHT - height, width, height, days.get(i).name(), count));
    }
    return new Chart(WIDTH, HEIGHT, max, bars);
  }
}
