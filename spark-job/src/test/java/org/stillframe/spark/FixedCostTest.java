package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The fixed-cost line lists the parts in the order they were timed, adds repeats, and gives their total. */
class FixedCostTest {

    @Test
    void lineListsThePartsInOrderWithTheirTotal() {
        FixedCost c = new FixedCost();
        c.add("Spark start", 2.14);
        c.add("listing", 0.3);
        c.add("tables", 0.25);
        c.add("QC", 0.1);
        c.add("tables", 0.3);
        assertEquals("Fixed cost: 3.1 s (Spark start 2.1 s, listing 0.3 s, tables 0.6 s, QC 0.1 s)", c.line());
    }
}
