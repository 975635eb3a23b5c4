import { beforeEach } from 'vitest';
import { takeBufferedLogs } from './test-logs';

// Each test starts with an empty log buffer; when it fails, what the code under test logged meanwhile is printed with it.
beforeEach(({ onTestFailed }) => {
  takeBufferedLogs();
  onTestFailed(() => {
    const kept = takeBufferedLogs();
    if (kept.length > 0)
      console.error(`Logs of the code under test during this test (${kept.length} lines):\n${kept.join('\n')}`);
  });
});
