/**
 * "Your classes" beside the genres in the result view: the viewed track's class under the model
 * the user taught (src/app/state/customClasses.ts customPrediction, the CLI's classify --custom)
 * with every class's probability as plain bars, and buttons that add the track to a class, so a
 * file just analysed can join one. It reads the store itself, so teaching re-renders it alone.
 */
import { customPrediction } from '../state/customClasses.ts';
import type { Track } from '../state/types.ts';
import { useActions, useApp } from '../state/useApp.ts';
import { percent } from './labels.ts';

export function CustomClassPanel({ trackId }: { trackId: string }) {
  const track = useApp((s) => s.tracks.find((t) => t.id === trackId));
  const { classes, model, training } = useApp((s) => s.custom);
  const { addToCustomClass } = useActions();
  if (!track || classes.length === 0) return null;
  const prediction = customPrediction(model, track);
  const member = classes.find((c) => c.examples.some((e) => e.trackId === trackId))?.name ?? null;
  return (
    <section className="panel custom-class" aria-labelledby="custom-class-heading" data-testid="custom-class" data-class={prediction?.class}>
      <h2 id="custom-class-heading">Your classes</h2>
      {prediction ? (
        <>
          <p className="custom-class-answer">
            <strong data-testid="custom-class-name">{prediction.class}</strong> {percent(prediction.probabilities[prediction.class])}
            {training && <span className="muted small"> · learning your latest change…</span>}
          </p>
          <ol className="tag-bars" data-testid="custom-class-bars">
            {Object.entries(prediction.probabilities).map(([name, p]) => (
              <li key={name} className="tag-row" data-class={name} data-p={p}>
                <span className="tag-name" aria-hidden="true">
                  {name}
                </span>
                <span className="tag-track" role="img" aria-label={`${name} ${percent(p)}`}>
                  <span className="tag-fill" style={{ transform: `scaleX(${Math.min(1, Math.max(0, p))})` }} />
                </span>
                <span className="tag-value" aria-hidden="true">
                  {percent(p)}
                </span>
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p className="muted small">{training ? 'Learning your classes…' : 'Add tracks to at least two of your classes to see which this one belongs to.'}</p>
      )}
      <div className="custom-class-add" role="group" aria-label="Add this track to a class">
        <span className="muted small">{member ? `An example of ${member}. Move to:` : 'Add to:'}</span>
        {classes
          .filter((c) => c.name !== member)
          .map((c) => (
            <button key={c.name} type="button" className="link" onClick={() => addToCustomClass(c.name, trackId)} aria-label={`Add ${track.name} to ${c.name}`}>
              {c.name}
            </button>
          ))}
      </div>
    </section>
  );
}

/** The track's custom class in a few words, for the list of analyses (nothing without a model). */
export function CustomClassBadge({ track }: { track: Track }) {
  const model = useApp((s) => s.custom.model);
  const prediction = customPrediction(model, track);
  if (!prediction) return null;
  return (
    <span className="track-meta" data-testid="custom-class-badge" data-class={prediction.class}>
      Your class: {prediction.class} {percent(prediction.probabilities[prediction.class])}
    </span>
  );
}
