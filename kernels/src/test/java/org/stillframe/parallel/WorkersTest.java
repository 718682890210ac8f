package org.stillframe.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkersTest {

    /**
     * A failing item stops the loop, but forEach throws only once the item another worker was running has
     * finished (its caller may then free the workers' buffers), and no worker starts a new item after the failure.
     */
    @Test
    void aFailureIsThrownOnlyAfterEveryWorkerHasStopped() {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        try (Workers w = new Workers(2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.forEach(100,
                    (worker, i) -> {
                        started.incrementAndGet();
                        if (i == 0) {
                            Thread.sleep(50); // the other worker is well into its item
                            throw new IllegalArgumentException("item 0");
                        }
                        Thread.sleep(300);
                        finished.incrementAndGet();
                    }));
            assertEquals("item 0", e.getMessage());
            assertEquals(started.get() - 1, finished.get(), "every other started item had finished");
            assertTrue(started.get() <= 3, started.get() + " items started after a failure in the first");
        }
    }
}
