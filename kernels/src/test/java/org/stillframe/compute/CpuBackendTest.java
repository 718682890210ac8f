package org.stillframe.compute;

/** The CPU backend against the compute contract. */
class CpuBackendTest extends ComputeBackendContract {

    @Override
    protected ComputeBackend backend() {
        return ComputeBackend.cpu();
    }
}
