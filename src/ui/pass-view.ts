/**
 * <wd-pass-view>: the viewport's render controls and pass display. A small toolbar picks the style,
 * the output aspect (with safe-area guides) and the pass to show; "split" shows beauty on the left and
 * the pass on the right. Pass pictures come from render/api.ts (exact passes read back from the GPU),
 * drawn into an overlay canvas that sits on the 3D canvas; one refresh runs at a time, after each
 * change of time or settings. Everything goes through the DraftController's `render` controls.
 *
 * Placed inside the viewport box (`.view`, position: relative) of <wd-app>.
 */
import { html, css } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { DraftElement } from './draft-element.ts';
import { PASS_NAMES, type PassName } from '../render/api.ts';
import { STYLE_NAMES, type StyleName } from '../render/styles.ts';
import { ASPECT_RATIOS, frameRect, safeAreas, type AspectName } from '../render/shots.ts';

@customElement('wd-pass-view')
export class PassView extends DraftElement {
  static override styles = css`
    :host { position: absolute; inset: 0; pointer-events: none; }
    .bar { position: absolute; bottom: 8px; left: 8px; display: flex; gap: 6px; pointer-events: auto; font-size: 12px; }
    select, label { background: rgba(15, 23, 34, 0.78); color: white; border: 0; border-radius: 6px; padding: 3px 6px; font-size: 12px; }
    canvas { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: contain; image-rendering: pixelated; }
    .guides { position: absolute; border: 1px dashed rgba(255, 255, 255, 0.7); box-sizing: border-box; }
    .title { border-color: rgba(255, 220, 120, 0.8); }
  `;

  @state() private pass: PassName = 'beauty';
  @state() private split = false;
  @state() private aspect: AspectName | '' = '';
  @state() private guides = false;
  private busy = false;
  private again = false;
  private lastTimeS = -1;

  protected override updated(): void {
    // Each controller change (time, scene, style) re-renders this element; redraw the pass if the time moved.
    const timeS = this.controller?.state.timeS ?? 0;
    if (this.pass !== 'beauty' && timeS !== this.lastTimeS) void this.refresh();
  }

  override render() {
    const overlay = this.pass !== 'beauty';
    const host = this.getBoundingClientRect();
    const rect = frameRect(host.width, host.height, this.aspect ? ASPECT_RATIOS[this.aspect] : null);
    const { action, title } = safeAreas(rect);
    const box = (r: typeof rect, cls: string) => html`<div class="guides ${cls}" style="left:${r.x}px;top:${r.y}px;width:${r.w}px;height:${r.h}px"></div>`;
    return html`
      ${overlay ? html`<canvas style=${this.split ? 'clip-path: inset(0 0 0 50%)' : ''}></canvas>` : ''}
      ${this.guides ? html`${box(action, 'action')}${box(title, 'title')}` : ''}
      <div class="bar">
        <select aria-label="Style" data-testid="style-select" @change=${(e: Event) => this.setStyle((e.target as HTMLSelectElement).value as StyleName)}>
          ${STYLE_NAMES.map((s) => html`<option value=${s} ?selected=${s === this.controller?.render.style()}>${s}</option>`)}
        </select>
        <select aria-label="Pass" data-testid="pass-select" @change=${(e: Event) => { this.pass = (e.target as HTMLSelectElement).value as PassName; void this.refresh(); }}>
          ${PASS_NAMES.map((p) => html`<option value=${p} ?selected=${p === this.pass}>${p}</option>`)}
        </select>
        <label><input type="checkbox" .checked=${this.split} @change=${(e: Event) => { this.split = (e.target as HTMLInputElement).checked; }}> split</label>
        <select aria-label="Aspect ratio" @change=${(e: Event) => this.setAspect((e.target as HTMLSelectElement).value as AspectName | '')}>
          <option value="">fit</option>
          ${Object.keys(ASPECT_RATIOS).map((a) => html`<option value=${a} ?selected=${a === this.aspect}>${a}</option>`)}
        </select>
        <label><input type="checkbox" .checked=${this.guides} @change=${(e: Event) => { this.guides = (e.target as HTMLInputElement).checked; }}> safe areas</label>
      </div>
    `;
  }

  private setStyle(style: StyleName): void {
    this.controller?.render.setStyle(style);
  }

  private setAspect(aspect: AspectName | ''): void {
    this.aspect = aspect;
    this.controller?.render.setAspect(aspect || null);
  }

  /** Redraws the pass picture for the current time; coalesces requests while one is running. */
  private async refresh(): Promise<void> {
    const c = this.controller;
    if (!c || this.pass === 'beauty') return;
    if (this.busy) { this.again = true; return; }
    this.busy = true;
    try {
      this.lastTimeS = c.state.timeS;
      const image = await c.render.passImage(this.pass, this.lastTimeS);
      await this.updateComplete;
      const canvas = this.renderRoot.querySelector('canvas');
      if (canvas) {
        canvas.width = image.width;
        canvas.height = image.height;
        canvas.getContext('2d')!.putImageData(image, 0, 0);
        canvas.dataset.pass = this.pass;
      }
    } finally {
      this.busy = false;
      if (this.again) { this.again = false; void this.refresh(); }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wd-pass-view': PassView;
  }
}
