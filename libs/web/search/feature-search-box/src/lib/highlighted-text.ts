import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { HighlightSegment } from '@parley/web/shared/data-access';

/**
 * Search highlights built from text segments: each piece is interpolated as text (never HTML),
 * the matched ones inside <mark>.
 */
@Component({
  selector: 'pl-highlighted-text',
  template: `@for (segment of segments(); track $index) {
    @if (segment.match) {<mark data-testid="search-match">{{ segment.text }}</mark>} @else {<span>{{ segment.text }}</span>}
  }`,
  styles: `
    mark {
      background: color-mix(in srgb, var(--mat-sys-tertiary) 25%, transparent);
      color: inherit;
      border-radius: 2px;
      font-weight: 600;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HighlightedText {
  readonly segments = input.required<readonly HighlightSegment[]>();
}
