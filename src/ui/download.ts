/**
 * Saves a Blob as a file through the browser's download, the one way every exporter in the UI hands
 * a file to the user.
 */
export function downloadFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}
