package org.stripesql.adapter.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * How a scan is cut after its first page: at once into as many slices as requests are wanted, growing
 * from the front, no further down than the account's creation; few and wide when pages come back fast,
 * after empty slices, or while the account's creation is unknown.
 */
class SlicePlannerTest {
  static final long TOP = 1_700_000_000L;
  /** A first page of 100 objects over 100,000 seconds: a page every 100,000 seconds. */
  static final long PAGE_SECONDS = 100_000L;
  static final long STRIPE_LATENCY_NANOS = 300_000_000L;

  static SlicePlanner afterFirstPage(Supplier<Long> accountStart, int wanted, long latencyNanos) {
    SlicePlanner p = new SlicePlanner(accountStart, () -> wanted);
    p.answered(latencyNanos);
    p.page(100, TOP, TOP - PAGE_SECONDS + 1);
    return p;
  }

  /** The widths (in pages) of the slices cut one after another from {@code hi} down, as the merger asks. */
  static List<Double> cutAll(SlicePlanner p, long hi) {
    List<Double> pages = new ArrayList<>();
    Long cut;
    while ((cut = p.cut(null, hi)) != null) {
      pages.add((hi - cut) / (double) PAGE_SECONDS);
      hi = cut;
    }
    return pages;
  }

  @Test
  void theRangeIsCutAtOnceForEveryRequestWantedGrowingFromTheFront() {
    long accountStart = TOP - 1_000 * PAGE_SECONDS;   // about 1,000 pages below
    SlicePlanner p = afterFirstPage(() -> accountStart, 12, STRIPE_LATENCY_NANOS);
    List<Double> pages = cutAll(p, TOP - PAGE_SECONDS);
    assertTrue(pages.size() >= 12, "a slice for every request wanted: " + pages);
    assertEquals(SlicePlanner.MIN_SLICE_PAGES, pages.get(0), 0.01, pages.toString());
    for (int i = 1; i < pages.size(); i++) {
      assertTrue(pages.get(i) >= pages.get(i - 1) - 0.01, "the front slices are the small ones: " + pages);
      assertTrue(pages.get(i) <= SlicePlanner.SLICE_PAGES + 0.01, pages.toString());
    }
  }

  @Test
  void noSliceBelowTheAccountsCreation() {
    long accountStart = TOP - 12 * PAGE_SECONDS;
    SlicePlanner p = afterFirstPage(() -> accountStart, 64, STRIPE_LATENCY_NANOS);
    long hi = TOP - PAGE_SECONDS;
    Long cut;
    int slices = 0;
    while ((cut = p.cut(null, hi)) != null) {
      assertTrue(cut > accountStart, "cut at " + cut + " below the account's creation " + accountStart);
      hi = cut;
      slices++;
    }
    assertTrue(slices >= 2 && slices <= 6, "11 pages left make a few slices of 2 pages and more: " + slices);
    assertTrue(hi - accountStart < SlicePlanner.SLICE_PAGES * PAGE_SECONDS, "the open oldest slice is small");
  }

  @Test
  void whileTheAccountsCreationIsUnknownOnlyAFewSlicesAreCutBelowTheData() {
    List<Double> blind = cutAll(afterFirstPage(() -> null, 12, STRIPE_LATENCY_NANOS), TOP - PAGE_SECONDS);
    double depth = blind.stream().mapToDouble(Double::doubleValue).sum();
    assertFalse(blind.isEmpty());
    assertTrue(depth <= SlicePlanner.BLIND_SLICES * SlicePlanner.SLICE_PAGES, "pages cut blind: " + blind);
    List<Double> known = cutAll(afterFirstPage(() -> TOP - 1_000 * PAGE_SECONDS, 12, STRIPE_LATENCY_NANOS),
        TOP - PAGE_SECONDS);
    assertTrue(known.size() > blind.size(), blind + " vs " + known);
  }

  @Test
  void pagesThatComeBackFastAreReadOneAfterAnother() {
    SlicePlanner p = afterFirstPage(() -> TOP - 1_000 * PAGE_SECONDS, 64, 2_000_000L);   // 2 ms a page
    assertFalse(p.readLongEnough(1), "a first page in 2 ms does not start slicing");
    assertFalse(p.readLongEnough(50));
    assertTrue(p.readLongEnough(100), "100 pages in 0.2 s: worth slicing what is left");
    assertEquals(100, p.minPages(), 1, "a slice is worth 0.2 s of pages");
    SlicePlanner stripe = afterFirstPage(() -> TOP - 1_000 * PAGE_SECONDS, 12, STRIPE_LATENCY_NANOS);
    assertTrue(stripe.readLongEnough(1), "at Stripe's latency slicing starts after the first page");
    assertEquals(SlicePlanner.MIN_SLICE_PAGES, stripe.minPages());
  }

  @Test
  void aSliceThatCameBackEmptyMakesTheNextCutsWideAndFew() {
    SlicePlanner p = afterFirstPage(() -> TOP - 100_000 * PAGE_SECONDS, 16, STRIPE_LATENCY_NANOS);
    long hi = TOP - PAGE_SECONDS;
    Long cut = p.cut(null, hi);
    p.finished(cut, hi, 0);
    List<Double> after = cutAll(p, cut);
    assertTrue(after.get(0) >= 100 * (hi - cut) / (double) PAGE_SECONDS, "at most an object a slice: " + after);
    assertTrue(after.size() <= SlicePlanner.BLIND_SLICES + 1, "few cut ahead of the data: " + after);
  }

  @Test
  void aPageWithinOneSecondDoesNotMakeSlicesNarrower() {
    SlicePlanner p = afterFirstPage(() -> TOP - 1_000 * PAGE_SECONDS, 16, STRIPE_LATENCY_NANOS);
    long second = TOP - 2 * PAGE_SECONDS;
    p.page(100, second, second);   // 100 objects created in one second
    Long cut = p.cut(null, second);
    assertEquals(SlicePlanner.MIN_SLICE_PAGES * PAGE_SECONDS, second - cut, PAGE_SECONDS / 100.0);
    assertNull(new SlicePlanner(() -> TOP, () -> 4).cut(null, TOP), "no page seen: nothing to cut by");
  }
}
