package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;

/** The billing story's values for one generic row of a table (a customer's name and email). */
@FunctionalInterface
interface RowStory {
  void fill(ObjectNode row, SplittableRandom r, int index);
}
