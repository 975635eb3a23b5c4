/** Does nothing: the bare-Temporal ceiling of the e2e benchmark starts and completes these. */
export async function emptyWorkflow(): Promise<void> {
  return;
}
