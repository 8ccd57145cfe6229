/**
 * The base element of every WorldDraft UI element (google/model-viewer's pattern: one base, features
 * composed on top). It holds the DraftController and re-renders when the controller's state changes.
 */
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { ControllerBinding, type DraftController } from './controller.ts';

export class DraftElement extends LitElement {
  @property({ attribute: false }) controller: DraftController | null = null;
  private readonly binding = new ControllerBinding(this);

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('controller')) this.binding.bind(this.controller);
  }
}
