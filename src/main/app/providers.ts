/**
 * Execution providers the installed onnxruntime-node can use here ("bundled" ones; CUDA needs
 * `npm run install:cuda` first and is listed only once installed). A failure to load the
 * runtime is reported as no providers rather than stopping the app.
 */
export async function detectExecutionProviders(): Promise<string[]> {
  try {
    const ort = await import('onnxruntime-node');
    return ort.listSupportedBackends().filter((b) => b.bundled).map((b) => b.name);
  } catch {
    return [];
  }
}
