import { runMain } from '../../libs/runtime';
import { writePrebuiltBundle } from '../../libs/worker';

/** `npm run build`'s second step: bundles the compiled workflows for production workers. */
runMain('build-bundle', async () => {
  const written = await writePrebuiltBundle();
  process.stdout.write(`Workflow bundle written: ${written.path} (${Math.round(written.bytes / 1024)} KiB)\n`);
});
