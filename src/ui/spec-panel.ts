/**
 * <wd-spec-panel>: what the prompt became. The words that were not understood (as chips), the
 * assumptions the parser made, and the full SceneSpec JSON, which the user can edit and run again:
 * an invalid edit lists path-precise errors and keeps the last good scene. Scenes save to and open from
 * .json files, and a share link reproduces the scene exactly. A cameo puts the user's face (a photo or
 * one webcam frame, after a consent line, kept in memory only) on person stand-ins. The liquid solver
 * is chosen here (the CPU reference or the GPU), with where the current scene's liquid ran. Everything
 * is rendered as text.
 */
import { html, css } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { DraftElement } from './draft-element.ts';
import { downloadFile } from './download.ts';

@customElement('wd-spec-panel')
export class SpecPanel extends DraftElement {
  static override styles = css`
    :host { display: block; font-size: 13px; }
    h2 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; color: #4a5868; margin: 12px 0 6px; }
    .chips { display: flex; flex-wrap: wrap; gap: 4px; }
    .chip { background: #ffe1a8; color: #5a3b00; border-radius: 10px; padding: 2px 8px; }
    .none { color: #6c7a89; }
    ul { margin: 0; padding-left: 18px; }
    textarea { box-sizing: border-box; width: 100%; height: 42vh; background: #0f1722; color: #d7e2f0; padding: 10px;
      border-radius: 8px; border: 0; font: 12px ui-monospace, monospace; resize: vertical; }
    .actions { display: flex; gap: 8px; margin-top: 6px; }
    button { font: inherit; padding: 5px 10px; border-radius: 6px; border: 1px solid #9aa6b2; background: white; cursor: pointer; }
    .note { color: #2a6b3c; margin: 6px 0 0; min-height: 1em; }
    .llm-fields label { display: block; margin: 4px 0; }
    .llm-fields input { font: inherit; width: 100%; box-sizing: border-box; padding: 3px 6px; }
    .hint { color: #6c7a89; margin: 4px 0 0; }
    .errors { color: #a4161a; margin: 6px 0 0; padding-left: 18px; font-family: ui-monospace, monospace; font-size: 12px; }
  `;

  @query('textarea') private editor!: HTMLTextAreaElement;
  @query('input.scene-file') private fileInput!: HTMLInputElement;
  @state() private notice = '';
  @state() private cameoConsent = false;
  @query('input.cameo-file') private photoInput!: HTMLInputElement;

  private async useCameoPhoto(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file || !this.cameoConsent) return;
    try {
      this.controller?.setCameo(await createImageBitmap(file));
    } catch {
      this.notice = 'That file is not a picture this browser can read; choose a JPEG or PNG.';
    }
  }

  /** Takes exactly one frame from the webcam and stops the camera at once. */
  private async useCameoWebcam(): Promise<void> {
    if (!this.cameoConsent) return;
    let stream: MediaStream | null = null;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = stream;
      await video.play();
      this.controller?.setCameo(await createImageBitmap(video));
    } catch {
      this.notice = 'No webcam frame could be taken (no camera, or permission refused); choose a photo instead.';
    } finally {
      stream?.getTracks().forEach((track) => track.stop());
    }
  }

  private saveScene(): void {
    const json = this.controller?.state.specJson;
    if (json) downloadFile(new Blob([json], { type: 'application/json' }), 'worlddraft-scene.json');
  }


  private async openScene(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) await this.controller?.runSpecJson(await file.text());
  }

  private async copyShareLink(): Promise<void> {
    const link = this.controller?.shareLink();
    if (!link) return;
    history.replaceState(null, '', link);
    try {
      await navigator.clipboard.writeText(link);
      this.notice = 'Share link copied; it is also in the address bar.';
    } catch {
      this.notice = 'The share link is in the address bar (the clipboard is not available here).';
    }
  }

  override render() {
    const s = this.controller?.state;
    if (!s) return html``;
    return html`
      <h2>Not understood</h2>
      <div class="chips" data-testid="unknown-words">
        ${s.unknownWords.length ? s.unknownWords.map((w) => html`<span class="chip">${w}</span>`) : html`<span class="none">every word was used</span>`}
      </div>
      <h2>Assumptions</h2>
      ${s.assumptions.length ? html`<ul>${s.assumptions.map((a) => html`<li>${a}</li>`)}</ul>` : html`<span class="none">none</span>`}
      <h2>Scene spec</h2>
      <textarea data-testid="spec-json" aria-label="Scene spec (JSON), editable" spellcheck="false" .value=${s.specJson}></textarea>
      <div class="actions">
        <button data-action="run-spec" @click=${() => this.controller?.runSpecJson(this.editor.value)}>Run edited spec</button>
        <button data-action="reset-spec" @click=${() => { this.editor.value = s.specJson; }}>Reset</button>
      </div>
      <div class="actions">
        <button data-action="save-scene" @click=${this.saveScene}>Save scene…</button>
        <button data-action="open-scene" @click=${() => this.fileInput.click()}>Open scene…</button>
        <input class="scene-file" type="file" accept=".json,application/json" hidden @change=${this.openScene} />
        <button data-action="share" @click=${this.copyShareLink}>Copy share link</button>
      </div>

      <p class="note" role="status">${this.notice}</p>
      <h2>Cameo</h2>
      <p class="hint">Put your own face on the person stand-ins${s.cameo.people ? '' : ' (add a person to the prompt first, e.g. "a person stands next to a table")'}.
        Your picture stays in this tab's memory only: it is never uploaded and never saved, unless you export a video or an image.</p>
      <label><input type="checkbox" .checked=${this.cameoConsent} @change=${(e: Event) => { this.cameoConsent = (e.target as HTMLInputElement).checked; }} />
        I agree to use my likeness this way</label>
      <div class="actions">
        <button data-action="cameo-photo" ?disabled=${!this.cameoConsent} @click=${() => this.photoInput.click()}>Choose a photo…</button>
        <input class="cameo-file" type="file" accept="image/*" hidden @change=${this.useCameoPhoto} />
        <button data-action="cameo-webcam" ?disabled=${!this.cameoConsent} @click=${this.useCameoWebcam}>Use one webcam frame</button>
        <button data-action="cameo-off" ?disabled=${!s.cameo.on} @click=${() => this.controller?.setCameo(null)}>Remove</button>
      </div>
      <h2>Liquid solver</h2>
      <label><input type="radio" name="fluid-solver" value="cpu" .checked=${s.fluidSolver === 'cpu'}
        @change=${() => void this.controller?.setFluidSolver('cpu')} /> CPU: the reference, the same result to the bit in every browser and in the CLI</label>
      <label><input type="radio" name="fluid-solver" value="webgpu" .checked=${s.fluidSolver === 'webgpu'}
        @change=${() => void this.controller?.setFluidSolver('webgpu')} /> GPU (WebGPU): for a real graphics card, where a prompt's liquids get 8 times the particles; close to the CPU's result, not bit for bit</label>
      <p class="hint" data-testid="fluid-solver-used">${s.fluidSolverUsed ? `This scene's liquid ran on ${s.fluidSolverUsed === 'cpu' ? 'the CPU' : s.fluidSolverUsed}.` : 'This scene has no simulated liquid.'}</p>
      <h2>Language model (optional)</h2>
      <label class="llm"><input type="checkbox" .checked=${s.llm.enabled}
        @change=${(e: Event) => this.controller?.setLlm({ ...s.llm, enabled: (e.target as HTMLInputElement).checked })} />
        Turn prompts into scenes with my own OpenAI-compatible server</label>
      <div class="llm-fields" ?hidden=${!s.llm.enabled}>
        <label>Endpoint <input type="url" .value=${s.llm.endpoint} aria-label="Language model endpoint"
          @change=${(e: Event) => this.controller?.setLlm({ ...s.llm, endpoint: (e.target as HTMLInputElement).value })} /></label>
        <label>Model <input .value=${s.llm.model} aria-label="Language model name"
          @change=${(e: Event) => this.controller?.setLlm({ ...s.llm, model: (e.target as HTMLInputElement).value })} /></label>
        <p class="hint">Only the prompt goes to this address. If it fails, the built-in parser takes over.</p>
      </div>
      ${s.specErrors.length ? html`<ul class="errors" role="alert" data-testid="spec-errors">${s.specErrors.map((e) => html`<li>${e}</li>`)}</ul>` : ''}
    `;
  }
}
