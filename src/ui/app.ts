/**
 * <wd-app>: the WorldDraft page. Prompt bar on top, the viewport with its backend badge, playback
 * controls under it, and the spec panel on the side. main.ts creates the controller, draws into
 * `canvas`, and hands the controller to this element.
 */
import { html, css } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { DraftElement } from './draft-element.ts';
import './prompt-bar.ts';
import './transport.ts';
import './spec-panel.ts';

@customElement('wd-app')
export class WorldDraftApp extends DraftElement {
  static override styles = css`
    :host { display: grid; grid-template-columns: minmax(0, 1fr) 360px; grid-template-rows: auto minmax(0, 1fr) auto;
      grid-template-areas: "head side" "view side" "transport side"; gap: 12px; padding: 12px; box-sizing: border-box;
      height: 100vh; font-family: system-ui, sans-serif; color: #1d2a3a; background: #f3f5f8; }
    header { grid-area: head; }
    h1 { font-size: 18px; margin: 0 0 8px; }
    h1 span { font-weight: 400; color: #5b6b7c; }
    .view { grid-area: view; position: relative; min-height: 240px; border-radius: 10px; overflow: hidden; background: #dfe6ee; }
    canvas { width: 100%; height: 100%; display: block; touch-action: none; }
    .badge { position: absolute; top: 8px; left: 8px; background: rgba(15, 23, 34, 0.78); color: white; font-size: 12px;
      padding: 3px 8px; border-radius: 6px; }
    .busy { position: absolute; top: 8px; right: 8px; background: rgba(255, 255, 255, 0.85); font-size: 12px; padding: 3px 8px; border-radius: 6px; }
    wd-transport { grid-area: transport; }
    aside { grid-area: side; overflow: auto; background: white; border-radius: 10px; padding: 4px 12px 12px; }
    @media (max-width: 900px) {
      :host { grid-template-columns: 1fr; grid-template-rows: auto 60vh auto auto; grid-template-areas: "head" "view" "transport" "side"; height: auto; }
    }
  `;

  @query('canvas') canvas!: HTMLCanvasElement;

  override render() {
    const s = this.controller?.state;
    const backend = s?.backend === 'webgpu' ? 'WebGPU' : s?.backend === 'webgl2' ? 'WebGL2' : 'starting…';
    return html`
      <header>
        <h1>WorldDraft <span>a sentence becomes a simulated, sound-tracked shot</span></h1>
        <wd-prompt-bar .controller=${this.controller}></wd-prompt-bar>
      </header>
      <div class="view">
        <canvas aria-label="3D viewport: drag to orbit, scroll to zoom"></canvas>
        <span class="badge" data-testid="backend">${backend}</span>
        ${s?.busy ? html`<span class="busy">simulating…</span>` : ''}
      </div>
      <wd-transport .controller=${this.controller}></wd-transport>
      <aside><wd-spec-panel .controller=${this.controller}></wd-spec-panel></aside>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wd-app': WorldDraftApp;
  }
}
