// node:test reporter that writes { passed, failed, skipped, tests: [...] } as JSON (read by .ci/run's last line).
export default async function* jsonReporter(source) {
  const tests = [];
  const diagnostics = [];
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.details?.type !== 'suite') {
      tests.push({
        name: event.data.name,
        file: event.data.file,
        ok: event.type === 'test:pass' && !event.data.skip,
        skipped: !!event.data.skip,
        ms: event.data.details?.duration_ms,
      });
    }
    if (event.type === 'test:diagnostic' && !/^(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(event.data.message))
      diagnostics.push(event.data.message);
  }
  const passed = tests.filter((t) => t.ok).length;
  const skipped = tests.filter((t) => t.skipped).length;
  yield JSON.stringify({ passed, failed: tests.length - passed - skipped, skipped, tests, diagnostics }, null, 2);
}
