const nxPreset = require('@nx/jest/preset').default;

// The integration helpers (waitFor, waitForStatus, nextSocketEvent) wait up to 10-15 s for a condition; jest's
// default 5 s test timeout would cut them short and report a timeout instead of what was awaited.
module.exports = { ...nxPreset, testTimeout: 30_000 };
