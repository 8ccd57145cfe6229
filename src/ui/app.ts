/**
 * <wd-app>: the WorldDraft page. Prompt bar on top, the viewport with its backend badge, playback
 * controls under it, and a side panel with four tabs: the scene (interpretation and editable spec),
 * the teacher's measurements, the draft model (raw and draft side by side), and exports. A scene file dropped anywhere on the page opens. main.ts creates the controller, draws into
 * `canvas`, and hands the controller to this element.
 */
import { html, css } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { DraftElement } from './draft-element.ts';
import './prompt-bar.ts';
import './transport.ts';
import './spec-panel.ts';
import './pass-view.ts';
import './teaching-panel.ts';
import './export-panel.ts';
import './draft-panel.ts';
import './shot-list.ts';

const SIDE_TABS = [['scene', 'Scene'], ['measure', 'Measure'], ['draft', 'Draft'], ['export', 'Export']] as const;
type SideTab = typeof SIDE_TABS[number][0];

@customElement('wd-app')
export class WorldDraftApp extends DraftElement {
  static override styles = css`
    :host { display: grid; grid-template-columns: minmax(0, 1fr) 360px; grid-template-rows: auto minmax(0, 1fr) auto auto;
      grid-template-areas: "head side" "view side" "transport side" "shots side"; gap: 12px; padding: 12px; box-sizing: border-box;
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
    wd-shot-list { grid-area: shots; }
    aside { grid-area: side; overflow: auto; background: white; border-radius: 10px; padding: 8px 12px 12px; }
    [role=tablist] { display: flex; gap: 4px; border-bottom: 1px solid #dde3ea; }
    [role=tab] { font: inherit; border: 0; background: none; padding: 6px 10px; cursor: pointer; border-bottom: 2px solid transparent; color: #4a5868; }
    [role=tab][aria-selected=true] { border-bottom-color: #1f5fbf; color: #1d2a3a; }
    @media (max-width: 900px) {
      :host { grid-template-columns: 1fr; grid-template-rows: auto 60vh auto auto auto; grid-template-areas: "head" "view" "transport" "shots" "side"; height: auto; }
    }
  `;

  @query('canvas') canvas!: HTMLCanvasElement;
  @state() private sideTab: SideTab = 'scene';

  override connectedCallback(): void {
    super.connectedCallback();
    // Drop a scene file anywhere on the page to open it.
    this.addEventListener('dragover', (event) => event.preventDefault());
    this.addEventListener('drop', (event) => {
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file) void file.text().then((text) => this.controller?.runSpecJson(text));
    });
  }

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
        <wd-pass-view .controller=${this.controller}></wd-pass-view>
        <span class="badge" data-testid="backend">${backend}</span>
        ${s?.busy ? html`<span class="busy">simulating…${s.simProgress ? ` ${Math.floor((100 * s.simProgress.stepsDone) / Math.max(1, s.simProgress.stepsTotal))} %` : ''}</span>` : ''}
      </div>
      <wd-transport .controller=${this.controller}></wd-transport>
      <wd-shot-list .controller=${this.controller}></wd-shot-list>
      <aside>
        <div role="tablist" aria-label="Side panel">
          ${SIDE_TABS.map(([tab, label]) => html`<button role="tab" id=${`tab-${tab}`} aria-controls=${`panel-${tab}`}
            aria-selected=${this.sideTab === tab} @click=${() => { this.sideTab = tab; }}>${label}</button>`)}
        </div>
        <div role="tabpanel" id="panel-scene" aria-labelledby="tab-scene" ?hidden=${this.sideTab !== 'scene'}>
          <wd-spec-panel .controller=${this.controller}></wd-spec-panel>
        </div>
        <div role="tabpanel" id="panel-measure" aria-labelledby="tab-measure" ?hidden=${this.sideTab !== 'measure'}>
          ${this.sideTab === 'measure' ? html`<wd-teaching-panel .controller=${this.controller}></wd-teaching-panel>` : ''}
        </div>
        <div role="tabpanel" id="panel-draft" aria-labelledby="tab-draft" ?hidden=${this.sideTab !== 'draft'}>
          ${this.sideTab === 'draft' ? html`<wd-draft-panel .controller=${this.controller}></wd-draft-panel>` : ''}
        </div>
        <div role="tabpanel" id="panel-export" aria-labelledby="tab-export" ?hidden=${this.sideTab !== 'export'}>
          <wd-export-panel .controller=${this.controller}></wd-export-panel>
        </div>
      </aside>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wd-app': WorldDraftApp;
  }
}
