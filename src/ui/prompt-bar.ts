/**
 * <wd-prompt-bar>: the prompt box. Submitting runs the prompt through the controller; a problem shows
 * as one sentence under the box while the current scene stays as it was. Under the box, chips show
 * what each word became (hover for the spec field) and highlight the words that were not understood.
 * The prompt is only ever rendered as text, never as HTML.
 */
import { html, css } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { DraftElement } from './draft-element.ts';
import { promptPieces } from './prompt-chips.ts';

export const EXAMPLE_PROMPTS = [
  'a basketball drops from 2 meters onto a wooden floor and bounces',
  'a tennis ball and a bowling ball are dropped from 3 m',
  'a rubber ball rolls down a 30 degree ramp',
  'two billiard balls collide head-on at 2 m/s',
  'a wooden crate slides across the floor at 4 m/s',
  'three golf balls fall onto a table',
];

@customElement('wd-prompt-bar')
export class PromptBar extends DraftElement {
  static override styles = css`
    form { display: flex; gap: 8px; }
    input { flex: 1; font: inherit; font-size: 16px; padding: 10px 12px; border: 1px solid #9aa6b2; border-radius: 8px; min-width: 0; }
    button { font: inherit; padding: 10px 16px; border: 0; border-radius: 8px; background: #1f5fbf; color: white; cursor: pointer; }
    button[disabled] { opacity: 0.6; cursor: progress; }
    .error { color: #a4161a; margin: 6px 2px 0; min-height: 1.2em; }
    .notice { color: #6b4b00; margin: 2px 2px 0; }
    .pieces { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 0; margin-top: 6px; font-size: 13px; }
    .piece { border-radius: 6px; padding: 1px 5px; margin: 0 1px; }
    .piece.object { background: #d7e8ff; } .piece.count, .piece.number { background: #dff3d8; }
    .piece.material, .piece.surface { background: #f1e2ff; } .piece.action { background: #ffe3d1; }
    .piece.relation, .piece.modifier { background: #e9edf2; } .piece.grammar { color: #6c7a89; padding: 1px 2px; }
    .piece.unknown { background: #ffd35c; color: #4a3200; text-decoration: underline wavy #b36b00; }
    .examples { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
    .examples button { background: #e7edf5; color: #1d2a3a; padding: 4px 10px; font-size: 13px; }
  `;

  @query('input') private input!: HTMLInputElement;

  override render() {
    const state = this.controller?.state;
    return html`
      <form @submit=${this.onSubmit}>
        <input name="prompt" aria-label="Prompt" placeholder="Describe a physical shot, e.g. a basketball drops from 2 m"
          .value=${state?.prompt ?? ''} maxlength="10000" autocomplete="off" />
        <button type="submit" ?disabled=${state?.busy ?? true}>Simulate</button>
      </form>
      <div class="pieces" aria-label="What the prompt became">
        ${promptPieces(state?.prompt ?? '', state?.spans ?? []).map((p) => p.role === 'space' ? ' '
          : html`<span class="piece ${p.role}" title=${p.role === 'unknown' ? 'not understood' : `${p.role}${p.field ? ` → ${p.field}` : ''}`}>${p.text}</span>`)}
      </div>
      <p class="error" role="alert">${state?.error ?? ''}</p>
      ${state?.notice ? html`<p class="notice" role="status">${state.notice}</p>` : ''}
      <div class="examples" aria-label="Example prompts">
        ${EXAMPLE_PROMPTS.map((text) => html`<button type="button" @click=${() => this.run(text)}>${text}</button>`)}
      </div>
    `;
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    void this.run(this.input.value);
  }

  private async run(text: string): Promise<void> {
    this.input.value = text;
    await this.controller?.runPrompt(text);
  }
}
