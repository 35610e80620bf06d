// Values the harness gives every test worker.

/** The bootstrap platform key (TENANTRY_PLATFORM_KEY) the workers run with: 40 characters. */
export const TEST_PLATFORM_KEY = "tenantry-test-platform-key-0123456789abc";
