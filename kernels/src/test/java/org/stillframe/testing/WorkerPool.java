package org.stillframe.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.stillframe.parallel.Workers;

/**
 * A pool of workers shared by a test class's tests, opened before the first and closed after the last:
 * {@code @RegisterExtension static final WorkerPool POOL = new WorkerPool(2);} then {@code POOL.workers()}.
 */
public final class WorkerPool implements BeforeAllCallback, AfterAllCallback {

    private final int count;
    private Workers workers;

    public WorkerPool(int count) {
        this.count = count;
    }

    public Workers workers() {
        return workers;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        workers = new Workers(count);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        workers.close();
    }
}
