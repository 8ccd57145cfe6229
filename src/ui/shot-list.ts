/**
 * <wd-shot-list>: the shot list as a timeline, one strip per shot, as wide as the shot is long, with
 * its first-frame thumbnail. Clicking a strip jumps to the shot; its editor changes the duration,
 * shot size, angle, move and slow motion, and re-simulates (the world carries on under the cuts).
 * "Add shot" appends a shot; a scene with no shots has one automatic camera and shows just the button.
 */
import { html, css } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { DraftElement } from './draft-element.ts';
import { SHOT_ANGLES, SHOT_FRAMINGS, SHOT_MOVES, type ShotSpec } from '../scene/spec.ts';

const RATES = [1, 0.5, 0.25, 0.1] as const;

@customElement('wd-shot-list')
export class ShotList extends DraftElement {
  static override styles = css`
    :host { display: block; font-size: 12px; }
    .strips { display: flex; gap: 4px; align-items: stretch; overflow-x: auto; }
    .strip { flex: 1 1 0; min-width: 110px; border: 2px solid #c9d2dc; border-radius: 8px; background: white; padding: 4px; cursor: pointer; text-align: left; font: inherit; }
    .strip[aria-current=true] { border-color: #1f5fbf; }
    /* A fixed height: a strip is as wide as its shot is long, and one long shot must not push the view off the page. */
    .strip img, .strip .blank { display: block; width: 100%; height: 72px; border-radius: 4px; background: #dfe6ee; object-fit: cover; }
    .editor { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-top: 6px; }
    select, input, button { font: inherit; padding: 3px 6px; border-radius: 6px; border: 1px solid #9aa6b2; background: white; }
    input[type=number] { width: 5em; }
  `;

  @state() private selected = 0;
  /** Shots being applied: quick successive edits build on each other, not on the older scene. */
  private draft: ShotSpec[] | null = null;

  override render() {
    const c = this.controller;
    if (!c) return html``;
    const strips = c.state.shots;
    const time = c.state.timeS;
    const current = strips.findIndex((s) => time >= s.startS && time < s.endS);
    const editing = strips[this.selected];
    return html`
      <div class="strips" role="list" aria-label="Shot list">
        ${strips.map((strip, i) => html`<button class="strip" role="listitem" aria-current=${i === current}
            style="flex-grow: ${Math.max(strip.endS - strip.startS, 0.1)}"
            @click=${() => { this.selected = i; c.seek(strip.startS); }}>
          ${strip.thumbnail ? html`<img src=${strip.thumbnail} alt="First frame of shot ${i + 1}" />` : html`<span class="blank"></span>`}
          <span>#${i + 1} ${strip.shot.framing} · ${strip.shot.move}${strip.shot.playbackRate < 1 ? ` · ${strip.shot.playbackRate}×` : ''} · ${(strip.endS - strip.startS).toFixed(1)} s</span>
        </button>`)}
        <button data-action="add-shot" @click=${this.addShot}>Add shot</button>
      </div>
      ${editing ? html`<div class="editor" aria-label="Shot ${this.selected + 1}">
        <label>Duration <input type="number" min="0.1" max="600" step="0.1" .value=${String(editing.shot.durationS)} aria-label="Shot duration (s)"
          @change=${(e: Event) => this.edit({ durationS: Number((e.target as HTMLInputElement).value) })} /> s</label>
        ${this.choice('Shot size', SHOT_FRAMINGS, editing.shot.framing, (framing) => this.edit({ framing }))}
        ${this.choice('Angle', SHOT_ANGLES, editing.shot.angle, (angle) => this.edit({ angle }))}
        ${this.choice('Move', SHOT_MOVES, editing.shot.move, (move) => this.edit({ move }))}
        ${this.choice('Speed', RATES.map(String), String(editing.shot.playbackRate), (rate) => this.edit({ playbackRate: Number(rate) }))}
        <button data-action="remove-shot" @click=${this.removeShot}>Remove</button>
      </div>` : ''}
    `;
  }

  private choice<T extends string>(label: string, options: readonly T[], value: T, onChange: (v: T) => void) {
    return html`<label>${label} <select aria-label=${label} @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value as T)}>
      ${options.map((o) => html`<option value=${o} ?selected=${o === value}>${o}</option>`)}
    </select></label>`;
  }

  private shots(): ShotSpec[] {
    return [...(this.draft ?? this.controller?.state.shots.map((s) => s.shot) ?? [])];
  }

  private apply(shots: ShotSpec[]): void {
    this.draft = shots;
    void this.controller?.setShots(shots).finally(() => {
      if (this.draft === shots) this.draft = null;
    });
  }

  private edit(patch: Partial<ShotSpec>): void {
    const shots = this.shots();
    shots[this.selected] = { ...shots[this.selected], ...patch };
    this.apply(shots);
  }

  private addShot(): void {
    const shots = this.shots();
    const used = new Set(shots.map((s) => s.id));
    let n = shots.length + 1;
    while (used.has(`shot-${n}`)) n++;
    const durationS = shots.length ? 2 : Math.max(this.controller?.state.durationS ?? 2, 0.1);
    shots.push({ id: `shot-${n}`, durationS, skipBeforeS: 0, framing: 'wide', angle: 'eye-level', move: 'static', playbackRate: 1 });
    this.selected = shots.length - 1;
    this.apply(shots);
  }

  private removeShot(): void {
    const shots = this.shots();
    shots.splice(this.selected, 1);
    this.selected = Math.max(0, this.selected - 1);
    this.apply(shots);
  }
}
