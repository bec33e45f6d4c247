/**
 * "What it hears": musicnn's ten most probable tags over the track, as plain bars with their
 * percentage. Plain HTML rather than a chart: ten rows need no axes, cost nothing to render when
 * the final answer arrives, and read as a list to screen readers. Bars are on an absolute 0-100 %
 * scale (not relative to the top tag): each tag is its own yes/no guess, and a weak best guess
 * should look weak.
 */
import { memo } from 'react';
import { topTags } from '../state/exports.ts';
import type { GenreResult } from '../state/types.ts';
import { percent, tagLabel } from './labels.ts';

export const TOP_TAGS = 10;

interface Props {
  /** The models' answer; null while the genre is still being worked out. */
  genre: GenreResult | null;
  /** The track is still being analysed (a quick answer is then on its way to the final one). */
  busy: boolean;
}

function Status({ text }: { text: string }) {
  return (
    <>
      <p className="muted small tags-status" role="status">
        {text}
      </p>
      {/* Keeps the bars' room so the column does not jump when they come. */}
      <div className="chart-placeholder tags-placeholder" aria-hidden="true" />
    </>
  );
}

function Body({ genre, busy }: Props) {
  if (!genre) return <Status text="Waiting for the models…" />;
  if (genre.refineError) {
    return (
      <p className="muted tags-error" data-testid="tags-error" data-error={genre.refineError}>
        The tags could not be worked out on this device (musicnn did not run), so the genre shown is the first answer of the other two models.
      </p>
    );
  }
  if (genre.stage === 'quick') {
    return busy ? <Status text="Listening with musicnn…" /> : <p className="muted tags-error">The analysis stopped before musicnn had finished, so there are no tags for this track.</p>;
  }
  if (!genre.tags) return null;
  const top = topTags(genre.tags, TOP_TAGS);
  return (
    <>
      <p className="muted small tags-intro">
        musicnn, a network trained on how listeners tagged a million songs, rates how well each tag fits this track (on average over its
        3-second slices). Each tag is rated on its own, so they need not add up to 100 %.
      </p>
      <ol className="tag-bars" data-testid="tag-bars">
        {top.map((t) => {
          const label = tagLabel(t.name);
          const value = percent(t.p);
          return (
            <li key={t.name} className="tag-row" data-testid="tag-bar" data-tag={t.name} data-p={t.p}>
              <span className="tag-name" aria-hidden="true">
                {label}
              </span>
              <span className="tag-track" role="img" aria-label={`${label} ${value}`}>
                <span className="tag-fill" style={{ transform: `scaleX(${Math.min(1, Math.max(0, t.p))})` }} />
              </span>
              <span className="tag-value" aria-hidden="true">
                {value}
              </span>
            </li>
          );
        })}
      </ol>
    </>
  );
}

export const TagsPanel = memo(function TagsPanel({ genre, busy }: Props) {
  // Old results (from before musicnn) have no stage and no tags: nothing to say about them.
  if (genre && !genre.tags && !genre.refineError && genre.stage !== 'quick') return null;
  const waiting = !genre || (genre.stage === 'quick' && busy);
  return (
    <section className="panel tags" data-testid="tags" aria-labelledby="tags-heading" aria-busy={waiting || undefined}>
      <h2 id="tags-heading">What it hears</h2>
      <Body genre={genre} busy={busy} />
    </section>
  );
});
