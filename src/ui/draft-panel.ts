/**
 * <wd-draft-panel>: the Draft tab. The current frame raw (left) and through the draft model (right),
 * a status line (model, onnxruntime backend, ms per frame, first-run time), one sentence when something
 * went wrong, and "Bring your own model": a .onnx file and its manifest .json, checked before they
 * replace the current model.
 *
 * Clicking the pair enlarges it over the page (and back).
 *
 * Frames: one draft frame is made at a time, after each change of time or scene, through the
 * DraftController. During playback it keeps up only while a frame takes at most PLAYBACK_BUDGET_MS;
 * slower, it waits for pause (and says so). The shipped model is loaded the first time the tab opens.
 */
import { html, css } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { DraftElement } from './draft-element.ts';
import type { DraftFrame } from './controller.ts';

/** Above this, the draft follows playback only when paused. */
export const PLAYBACK_BUDGET_MS = 250;
const WIDTHS = [256, 384, 512, 768] as const;

@customElement('wd-draft-panel')
export class DraftPanel extends DraftElement {
  static override styles = css`
    :host { display: block; font-size: 13px; }
    .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 6px; margin: 8px 0; cursor: zoom-in; }
    /* Enlarged: the pair over the page, left of the side panel, each picture as large as fits. */
    .pair.large { position: fixed; inset: 12px 384px 12px 12px; z-index: 10; margin: 0; padding: 12px; align-items: center;
      background: rgba(15, 23, 34, 0.92); border-radius: 10px; cursor: zoom-out; }
    .pair.large figcaption { color: #dfe6ee; font-size: 13px; }
    .pair.large canvas, .pair.large .empty { max-height: calc(100vh - 80px); object-fit: contain; }
    @media (max-width: 900px) { .pair.large { inset: 12px; } }
    figure { margin: 0; }
    figcaption { font-size: 11px; color: #5b6b7c; margin-bottom: 2px; }
    canvas { width: 100%; display: block; background: #dfe6ee; border-radius: 4px; image-rendering: auto; }
    .empty { aspect-ratio: 16 / 9; display: grid; place-items: center; background: #eef1f5; border-radius: 4px; color: #7b8794; font-size: 11px; text-align: center; padding: 4px; }
    .status { color: #1d2a3a; }
    .notice { color: #5b6b7c; font-size: 12px; }
    .error { color: #a3261b; font-size: 12px; }
    fieldset { border: 1px solid #dde3ea; border-radius: 6px; margin-top: 10px; padding: 6px 8px; }
    legend { font-size: 12px; color: #4a5868; }
    label { display: block; margin: 4px 0; font-size: 12px; }
    button { font: inherit; margin-top: 4px; }
    select { font: inherit; font-size: 12px; }
  `;

  @state() private frame: DraftFrame | null = null;
  @state() private frameMs: number | null = null;
  @state() private maxWidth: number = 512;
  @state() private modelFile: File | null = null;
  @state() private manifestFile: File | null = null;
  @state() private large = false;
  private busy = false;
  private again = false;
  private shown = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.controller?.startDraft();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    const c = this.controller;
    if (!c) return;
    if (changed.has('controller')) void c.startDraft();
    const s = c.state;
    // What the picture depends on: time, scene, style, model and size.
    const key = `${s.timeS}|${s.sceneRevision}|${c.render.style()}|${s.draft.status}|${s.draft.name}|${s.draft.source}|${this.maxWidth}`;
    if (key === this.shown) return;
    const slow = (this.frameMs ?? 0) > PLAYBACK_BUDGET_MS;
    if (s.playing && slow) return; // caught up on pause
    void this.refresh(key);
  }

  private async refresh(key: string): Promise<void> {
    if (this.busy) { this.again = true; return; }
    const c = this.controller;
    if (!c) return;
    this.busy = true;
    this.shown = key;
    try {
      const start = performance.now();
      const frame = await c.draftFrame({ maxWidth: this.maxWidth });
      this.frameMs = performance.now() - start;
      this.frame = frame;
      await this.updateComplete;
      if (frame) {
        this.paint('raw', frame.raw, frame.timeS);
        if (frame.draft) this.paint('draft', frame.draft, frame.timeS);
      }
    } catch (error) {
      console.error(error);
    } finally {
      this.busy = false;
      if (this.again) { this.again = false; this.requestUpdate(); }
    }
  }

  private paint(which: 'raw' | 'draft', image: ImageData, timeS: number): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>(`canvas[data-which=${which}]`);
    if (!canvas) return;
    canvas.width = image.width;
    canvas.height = image.height;
    canvas.getContext('2d')!.putImageData(image, 0, 0);
    canvas.dataset.time = String(timeS);
    canvas.dataset.model = which === 'draft' ? (this.controller?.state.draft.name ?? '') : '';
  }

  private async useOwnModel(): Promise<void> {
    const c = this.controller, model = this.modelFile, manifest = this.manifestFile;
    if (!c || !model || !manifest) return;
    const [bytes, text] = await Promise.all([model.arrayBuffer(), manifest.text()]);
    await c.loadOwnDraftModel(new Uint8Array(bytes), text, model.name);
  }

  private statusLine(): string {
    const d = this.controller?.state.draft;
    if (!d) return '';
    switch (d.status) {
      case 'idle': return 'No draft model loaded.';
      case 'loading': return 'Loading the draft model…';
      case 'unavailable': return 'No draft model: raw render only.';
      case 'failed': return `${d.name ?? 'The draft model'} stopped: raw render only.`;
      case 'ready': {
        const ms = d.msPerFrame === null ? '' : ` · ${d.msPerFrame.toFixed(0)} ms per frame`;
        const first = d.firstRunMs === null ? '' : ` (first run ${d.firstRunMs.toFixed(0)} ms)`;
        return `${d.name} (${d.source === 'own' ? 'your model' : 'shipped'}, ${d.precision}) on ${d.backend}${ms}${first}`;
      }
    }
  }

  override render() {
    const s = this.controller?.state;
    const d = s?.draft;
    const frame = this.frame;
    const slow = s?.playing && (this.frameMs ?? 0) > PLAYBACK_BUDGET_MS;
    return html`
      <div class="status" data-testid="draft-status" data-status=${d?.status ?? 'idle'} data-backend=${d?.backend ?? ''}>${this.statusLine()}</div>
      ${d?.notice ? html`<div class="notice">${d.notice}</div>` : ''}
      ${d?.error ? html`<div class="error" role="alert" data-testid="draft-error">${d.error}</div>` : ''}
      ${slow ? html`<div class="notice" data-testid="draft-slow">A frame takes ${this.frameMs!.toFixed(0)} ms here, too slow to follow playback: pause to see the draft.</div>` : ''}
      <div class="pair ${this.large ? 'large' : ''}" data-testid="draft-pair" title=${this.large ? 'Click to shrink' : 'Click to enlarge'}
        @click=${() => { this.large = !this.large; }}>
        <figure>
          <figcaption>raw</figcaption>
          <canvas data-which="raw" data-testid="draft-raw" aria-label="The frame as rendered"></canvas>
        </figure>
        <figure>
          <figcaption>draft</figcaption>
          ${frame?.draft
            ? html`<canvas data-which="draft" data-testid="draft-output" aria-label="The frame through the draft model"></canvas>`
            : html`<div class="empty" data-testid="draft-output-empty">${d?.status === 'loading' ? 'loading…' : 'no draft: the raw render stays'}</div>`}
        </figure>
      </div>
      <label>Draft width
        <select data-testid="draft-width" @change=${(e: Event) => { this.maxWidth = Number((e.target as HTMLSelectElement).value); }}>
          ${WIDTHS.map((w) => html`<option value=${w} ?selected=${w === this.maxWidth}>${w} px</option>`)}
        </select>
      </label>
      <fieldset>
        <legend>Bring your own model</legend>
        <label>Model (.onnx)
          <input type="file" accept=".onnx" data-testid="draft-model-file" @change=${(e: Event) => { this.modelFile = (e.target as HTMLInputElement).files?.[0] ?? null; }}>
        </label>
        <label>Manifest (.json)
          <input type="file" accept=".json,application/json" data-testid="draft-manifest-file" @change=${(e: Event) => { this.manifestFile = (e.target as HTMLInputElement).files?.[0] ?? null; }}>
        </label>
        <button data-testid="draft-use-model" ?disabled=${!this.modelFile || !this.manifestFile || d?.status === 'loading'} @click=${() => void this.useOwnModel()}>Use this model</button>
        <div class="notice">The manifest maps WorldDraft's passes to the model's inputs (see docs/draft-model.md); nothing leaves this machine.</div>
      </fieldset>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wd-draft-panel': DraftPanel;
  }
}
