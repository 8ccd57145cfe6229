/**
 * <wd-export-panel>: the draft leaves the app. A video with its sound (WebM or MP4, 24/30/60 fps, a
 * chosen size, raw or through the draft model) with a progress bar, frames done, time left and Cancel (a cancelled export writes
 * nothing); the conditioning pack (a zip of frames and passes for video models, export/pack.ts) for a
 * preset or a custom size, with the same progress and Cancel; the animated scene as .glb; a PNG of
 * the current frame.
 */
import { html, css } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { DraftElement } from './draft-element.ts';
import { downloadFile } from './download.ts';
import type { VideoSettings } from './controller.ts';
import { PACK_PRESETS, PackSettingsError, validatePackSettings, type PackSettings } from '../export/pack.ts';

/** The pack export main.ts's controller offers (optional in DraftController's shape, so checked). */

export const VIDEO_SIZES = [
  { label: '1280 × 720 (16:9)', width: 1280, height: 720 },
  { label: '854 × 480 (16:9)', width: 854, height: 480 },
  { label: '1920 × 1080 (16:9)', width: 1920, height: 1080 },
  { label: '720 × 1280 (9:16)', width: 720, height: 1280 },
  { label: '720 × 720 (1:1)', width: 720, height: 720 },
  { label: '1280 × 536 (2.39:1)', width: 1280, height: 536 },
  { label: '320 × 180 (preview)', width: 320, height: 180 },
] as const;

@customElement('wd-export-panel')
export class ExportPanel extends DraftElement {
  static override styles = css`
    :host { display: block; font-size: 13px; }
    h2 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; color: #4a5868; margin: 12px 0 6px; }
    .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 6px 0; }
    select, button { font: inherit; padding: 4px 8px; border-radius: 6px; border: 1px solid #9aa6b2; background: white; }
    progress { width: 100%; }
    .status { color: #4a5868; min-height: 1.2em; }
    .error { color: #a4161a; }
  `;

  @state() private format: VideoSettings['format'] = 'webm';
  @state() private fps = 30;
  @state() private sizeIndex = 0;
  @state() private throughDraft = false;
  @state() private message = '';
  @state() private failed = false;
  @state() private packPreset: string = '16x512x512';
  @state() private custom: PackSettings = { width: 256, height: 256, fps: 8, frames: 17 };
  private abort: AbortController | null = null;
  private startedMs = 0;

  override render() {
    const progress = this.controller?.state.exportProgress ?? null;
    const busy = progress !== null;
    return html`
      <h2>Video with sound</h2>
      <div class="row">
        <select aria-label="Video format" ?disabled=${busy} @change=${(e: Event) => { this.format = (e.target as HTMLSelectElement).value as VideoSettings['format']; }}>
          <option value="webm" ?selected=${this.format === 'webm'}>WebM (VP9 + Opus)</option>
          <option value="mp4" ?selected=${this.format === 'mp4'}>MP4 (H.264 + Opus)</option>
        </select>
        <select aria-label="Frame rate" ?disabled=${busy} @change=${(e: Event) => { this.fps = Number((e.target as HTMLSelectElement).value); }}>
          ${[24, 30, 60].map((fps) => html`<option value=${fps} ?selected=${fps === this.fps}>${fps} fps</option>`)}
        </select>
        <select aria-label="Video size" ?disabled=${busy} @change=${(e: Event) => { this.sizeIndex = Number((e.target as HTMLSelectElement).value); }}>
          ${VIDEO_SIZES.map((size, i) => html`<option value=${i} ?selected=${i === this.sizeIndex}>${size.label}</option>`)}
        </select>
      </div>
      <div class="row">
        <label title="Load a model in the Draft tab first"><input type="checkbox" data-testid="video-draft" ?disabled=${busy || this.controller?.state.draft.status !== 'ready'}
          .checked=${this.throughDraft && this.controller?.state.draft.status === 'ready'} @change=${(e: Event) => { this.throughDraft = (e.target as HTMLInputElement).checked; }}>
          through the draft model${this.controller?.state.draft.status === 'ready' ? ` (${this.controller.state.draft.name})` : ' (load one in the Draft tab)'}</label>
      </div>
      <div class="row">
        <button data-action="export-video" ?disabled=${busy} @click=${this.exportVideo}>Export video</button>
        <button data-action="cancel-export" ?disabled=${!busy} @click=${() => this.abort?.abort()}>Cancel</button>
      </div>
      ${busy ? html`
        <progress aria-label="Export progress" max=${progress.framesTotal} .value=${progress.framesDone}></progress>
        <div class="status">${progress.framesDone} / ${progress.framesTotal} frames${this.timeLeft(progress.framesDone, progress.framesTotal)}</div>` : ''}
      <div class="status ${this.failed ? 'error' : ''}" role="status">${this.message}</div>
      <h2>Conditioning pack</h2>
      <div class="row">
        <select aria-label="Pack preset" ?disabled=${busy} @change=${(e: Event) => { this.packPreset = (e.target as HTMLSelectElement).value; }}>
          ${Object.entries(PACK_PRESETS).map(([id, p]) => html`<option value=${id} ?selected=${id === this.packPreset}>${p.label}</option>`)}
          <option value="custom" ?selected=${this.packPreset === 'custom'}>Custom…</option>
        </select>
      </div>
      ${this.packPreset === 'custom' ? html`
        <div class="row">
          ${(['width', 'height', 'frames', 'fps'] as const).map((key) => html`
            <label>${key} <input type="number" min="1" step="1" aria-label=${`Pack ${key}`} style="width: 5em" .value=${String(this.custom[key])} ?disabled=${busy}
              @change=${(e: Event) => { this.custom = { ...this.custom, [key]: Number((e.target as HTMLInputElement).value) }; }}></label>`)}
        </div>` : ''}
      <div class="row">
        <button data-action="export-pack" ?disabled=${busy} @click=${this.exportPack}>Export conditioning pack</button>
      </div>
      <h2>Scene and stills</h2>
      <div class="row">
        <button data-action="export-glb" @click=${this.exportGlb}>Export .glb</button>
        <button data-action="export-png" @click=${this.exportPng}>PNG of this frame</button>
        <button data-action="export-contact-sheet" @click=${this.exportContactSheet}>Contact sheet</button>
      </div>
    `;
  }

  private timeLeft(done: number, total: number): string {
    if (done === 0) return '';
    const leftS = ((performance.now() - this.startedMs) / done) * (total - done) / 1000;
    return `, about ${Math.ceil(leftS)} s left`;
  }

  private async exportVideo(): Promise<void> {
    const c = this.controller;
    if (!c) return;
    const { width, height } = VIDEO_SIZES[this.sizeIndex];
    this.abort = new AbortController();
    this.startedMs = performance.now();
    this.failed = false;
    this.message = '';
    try {
      const draft = this.throughDraft && c.state.draft.status === 'ready';
      const bytes = await c.exportVideo({ format: this.format, fps: this.fps, width, height, draft }, this.abort.signal);
      if (!bytes) return;
      downloadFile(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: this.format === 'mp4' ? 'video/mp4' : 'video/webm' }), `worlddraft.${this.format}`);
      this.message = `Exported ${(bytes.length / 1e6).toFixed(1)} MB.`;
    } catch (error) {
      this.failed = (error as Error).name !== 'ExportCancelled';
      this.message = this.failed ? `The video export failed (${(error as Error).message}); try WebM or a smaller size.` : (error as Error).message;
    } finally {
      this.abort = null;
    }
  }

  private async exportPack(): Promise<void> {
    const c = this.controller;
    if (!c) return;
    this.failed = false;
    this.message = '';
    let settings: PackSettings;
    try {
      settings = this.packPreset === 'custom' ? validatePackSettings(this.custom) : { ...PACK_PRESETS[this.packPreset as keyof typeof PACK_PRESETS] };
    } catch (error) {
      this.failed = true;
      this.message = error instanceof PackSettingsError ? `The custom pack size is invalid: ${error.message}.` : String(error);
      return;
    }
    this.abort = new AbortController();
    this.startedMs = performance.now();
    try {
      const zip = await c.exportPack({ width: settings.width, height: settings.height, fps: settings.fps, frames: settings.frames }, this.abort.signal);
      if (!zip) return;
      downloadFile(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), 'worlddraft-pack.zip');
      this.message = `Exported the conditioning pack: ${settings.frames} frames at ${settings.width} × ${settings.height}, ${(zip.length / 1e6).toFixed(1)} MB.`;
    } catch (error) {
      this.failed = (error as Error).name !== 'ExportCancelled';
      this.message = this.failed ? `The pack export failed (${(error as Error).message}); try a smaller size.` : (error as Error).message;
    } finally {
      this.abort = null;
    }
  }

  private async exportGlb(): Promise<void> {
    const glb = await this.controller?.exportGlb();
    if (glb) downloadFile(new Blob([glb as Uint8Array<ArrayBuffer>], { type: 'model/gltf-binary' }), 'worlddraft-scene.glb');
  }

  private async exportContactSheet(): Promise<void> {
    const png = await this.controller?.exportContactSheet();
    if (png) downloadFile(png, 'worlddraft-contact-sheet.png');
  }

  private async exportPng(): Promise<void> {
    const png = await this.controller?.exportPng();
    if (png) downloadFile(png, 'worlddraft-frame.png');
  }
}
