/**
 * <world-draft>: WorldDraft as a standalone web component (in the manner of google/model-viewer), the
 * embed's composition root. A teacher drops one ES module and one tag into any page:
 *
 *   <script type="module" src="world-draft.js"></script>
 *   <world-draft prompt="a ball dropped from 2 m" autoplay controls look="anime"></world-draft>
 *
 * Attributes: prompt, scene (URL of a SceneSpec JSON file, instead of a prompt), autoplay, controls,
 * loop, muted, look (a style), time-scale (0.1–4). Events: ready, contact (detail: the contact), shot-change
 * (detail: {shotId, index}), ended, error (detail: {message}). Methods: play(), pause(), seek(seconds),
 * exportVideo(settings?) → Promise<Blob>. Everything runs in the page; nothing is sent anywhere.
 */
import { LitElement, html, css, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import './ui/transport.ts';
import { AppController, createAppController, runViewport } from './app-controller.ts';
import { parseLook, parseTimeScale } from './embed-attributes.ts';
import type { VideoSettings } from './ui/controller.ts';

const DEFAULT_VIDEO: VideoSettings = { format: 'webm', fps: 30, width: 1280, height: 720 };

@customElement('world-draft')
export class WorldDraftElement extends LitElement {
  static override styles = css`
    :host { display: block; position: relative; width: 640px; height: 360px; font-family: system-ui, sans-serif; }
    .frame { position: absolute; inset: 0; display: flex; flex-direction: column; }
    canvas { flex: 1; min-height: 0; width: 100%; display: block; border-radius: 8px; background: #dfe6ee; touch-action: none; }
    wd-transport { padding: 6px 0 0; font-size: 12px; }
    .error { position: absolute; left: 8px; right: 8px; bottom: 8px; color: #a4161a; background: rgba(255, 255, 255, 0.9); padding: 4px 8px; border-radius: 6px; }
  `;

  @property() prompt = '';
  @property() scene = '';
  @property({ type: Boolean }) autoplay = false;
  @property({ type: Boolean }) controls = false;
  @property({ type: Boolean }) loop = false;
  @property({ type: Boolean }) muted = false;
  @property() look = 'standard';
  @property({ attribute: 'time-scale' }) timeScale = '1';

  @query('canvas') private canvas!: HTMLCanvasElement;
  private controller: AppController | null = null;
  private stopViewport: (() => void) | null = null;

  override render() {
    const error = this.controller?.state.error;
    return html`<div class="frame">
      <canvas aria-label="WorldDraft 3D view: drag to orbit"></canvas>
      ${this.controls && this.controller ? html`<wd-transport .controller=${this.controller}></wd-transport>` : ''}
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
    </div>`;
  }

  protected override async firstUpdated(): Promise<void> {
    try {
      this.controller = await createAppController(this.canvas, { loop: this.loop });
    } catch {
      this.fail('This browser cannot draw 3D (neither WebGPU nor WebGL2 works).');
      return;
    }
    const controller = this.controller;
    for (const type of ['contact', 'shot-change', 'ended']) {
      controller.events.addEventListener(type, (event) => this.dispatchEvent(new CustomEvent(type, { detail: (event as CustomEvent).detail })));
    }
    controller.subscribe(() => this.requestUpdate());
    this.stopViewport = runViewport(this.canvas, controller);
    await this.loadScene();
    this.setAttribute('ready', '');
    this.dispatchEvent(new Event('ready'));
  }

  protected override updated(changed: PropertyValues<this>): void {
    const c = this.controller;
    if (!c) return;
    if (changed.has('look')) c.render.setStyle(parseLook(this.look));
    if (changed.has('timeScale')) c.setSpeed(parseTimeScale(this.timeScale));
    if (changed.has('muted')) c.setMuted(this.muted);
    if ((changed.has('prompt') && changed.get('prompt') !== undefined) || (changed.has('scene') && changed.get('scene') !== undefined)) void this.loadScene();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopViewport?.();
    this.controller?.dispose();
    this.controller = null;
  }

  play(): void { this.controller?.play(); }
  pause(): void { this.controller?.pause(); }
  seek(seconds: number): void { this.controller?.seek(seconds); }

  /** The scene as a video with its sound (WebM VP9 + Opus by default). */
  async exportVideo(settings: Partial<VideoSettings> = {}): Promise<Blob> {
    if (!this.controller) throw new Error('<world-draft> is not ready yet: wait for its "ready" event.');
    const full = { ...DEFAULT_VIDEO, ...settings };
    const bytes = await this.controller.exportVideo(full, new AbortController().signal);
    if (!bytes) throw new Error('<world-draft> has no scene to export.');
    return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: full.format === 'mp4' ? 'video/mp4' : 'video/webm' });
  }

  private async loadScene(): Promise<void> {
    const c = this.controller!;
    if (this.scene) {
      let text: string;
      try {
        text = await (await fetch(this.scene)).text();
      } catch {
        this.fail(`The scene file "${this.scene}" could not be loaded; check its address.`);
        return;
      }
      await c.runSpecJson(text);
    } else {
      await c.runPrompt(this.prompt || 'a ball dropped from 1 m');
    }
    c.render.setStyle(parseLook(this.look));
    c.setSpeed(parseTimeScale(this.timeScale));
    if (this.autoplay) c.play();
    else c.pause();
    if (c.state.error) this.fail(c.state.error);
  }

  private fail(message: string): void {
    this.dispatchEvent(new CustomEvent('error', { detail: { message } }));
    this.requestUpdate();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'world-draft': WorldDraftElement;
  }
}
