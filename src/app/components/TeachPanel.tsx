/**
 * "Your classes": the user makes classes, adds analysed tracks of the list to each (a new file is
 * analysed as usual, then added here or from its result) and takes them out; after each change
 * the page learns them in a worker of its own and says, per class, how well it recognises it
 * (leave-one-out) or what it still needs. Export writes the model file `genrescope classify
 * --custom` reads; import takes one from `genrescope teach` or another page. The logic is the
 * custom slice's (src/app/state/slices/custom.ts).
 */
import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { classGuidance, teachGuidance, type TeachClass } from '../state/customClasses.ts';
import { musicEmbedding } from '../state/similar.ts';
import type { Track } from '../state/types.ts';
import { useActions, useApp, useAppShallow } from '../state/useApp.ts';

/** The tracks that can be examples: music that musicnn has heard. */
const selectTeachable = (s: { tracks: Track[] }) => s.tracks.filter((t) => musicEmbedding(t) !== undefined);

function ClassCard({ c, teachable, owner }: { c: TeachClass; teachable: Track[]; owner: Map<string, string> }) {
  const model = useApp((s) => s.custom.model?.file ?? null);
  const { addToCustomClass, removeFromCustomClass, removeCustomClass } = useActions();
  const candidates = teachable.filter((t) => owner.get(t.id) !== c.name);
  const [picked, setPicked] = useState('');
  const choice = candidates.some((t) => t.id === picked) ? picked : (candidates[0]?.id ?? '');
  const loo = model?.leaveOneOut[c.name];
  return (
    <li className="teach-class" data-testid="teach-class" data-class={c.name} data-examples={c.examples.length} data-loo={typeof loo === 'number' ? loo : undefined}>
      <div className="panel-head">
        <h3>
          {c.name} <span className="muted small">· {c.examples.length === 1 ? '1 track' : `${c.examples.length} tracks`}</span>
        </h3>
        <button type="button" className="link" onClick={() => removeCustomClass(c.name)} aria-label={`Remove the class ${c.name}`}>
          Remove class
        </button>
      </div>
      <p className="small teach-guidance" data-testid="teach-guidance">
        {classGuidance(c, model)}
      </p>
      {c.examples.length > 0 && (
        <ul className="teach-examples">
          {c.examples.map((e, i) => (
            <li key={`${e.trackId ?? 'file'}-${i}`}>
              <span className="teach-example-name">{e.name}</span>
              {e.trackId === null && <span className="muted small"> (from a model file)</span>}
              <button type="button" className="link" onClick={() => removeFromCustomClass(c.name, i)} aria-label={`Take ${e.name} out of ${c.name}`}>
                Take out
              </button>
            </li>
          ))}
        </ul>
      )}
      {candidates.length > 0 ? (
        <div className="teach-add">
          <label>
            <span className="sr-only">Track to add to {c.name}</span>
            <select value={choice} onChange={(e) => setPicked(e.target.value)} data-testid="teach-pick">
              {candidates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                  {owner.has(t.id) ? ` (now in ${owner.get(t.id)})` : ''}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => choice && addToCustomClass(c.name, choice)} aria-label={`Add the chosen track to ${c.name}`}>
            Add
          </button>
        </div>
      ) : (
        <p className="muted small">Analyse more music (drop or choose files above) to add it here.</p>
      )}
    </li>
  );
}

export function TeachPanel() {
  const custom = useApp((s) => s.custom);
  const teachable = useAppShallow(selectTeachable);
  const anyTracks = useApp((s) => s.tracks.length > 0);
  const { addCustomClass, exportCustomModel, importCustomModel, undoCustomImport, dismissCustomMessage } = useActions();
  const [name, setName] = useState('');
  const picker = useRef<HTMLInputElement>(null);
  if (!custom.loaded || (!anyTracks && custom.classes.length === 0)) return null;

  const owner = new Map(custom.classes.flatMap((c) => c.examples.flatMap((e) => (e.trackId ? [[e.trackId, c.name] as const] : []))));
  const guidance = teachGuidance(custom.classes);
  const onCreate = (e: FormEvent) => {
    e.preventDefault();
    if (addCustomClass(name)) setName('');
  };
  const onImport = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) void importCustomModel(file);
    e.target.value = '';
  };
  return (
    <section className="panel teach" id="your-classes" aria-labelledby="teach-heading" data-testid="teach-panel">
      <div className="panel-head">
        <h2 id="teach-heading">Your classes</h2>
        <div className="export-bar" role="group" aria-label="Your classes as a file">
          <button type="button" onClick={exportCustomModel} disabled={!custom.model || custom.training} title="The model file genrescope classify --custom reads">
            Export model
          </button>
          <button type="button" onClick={() => picker.current?.click()} title="A model file from genrescope teach or an earlier export">
            Import model
          </button>
          <input ref={picker} type="file" className="hidden-input" data-testid="teach-import" accept=".json,application/json" tabIndex={-1} aria-hidden="true" onChange={onImport} />
        </div>
      </div>
      <p className="muted small">
        Teach the page your own way of sorting music: a few tracks in each class and it learns them from what musicnn hears, on this device. Every
        track then shows its class beside the genres.
      </p>
      {custom.message && (
        <div className={`alert ${custom.message.kind}`} role={custom.message.kind === 'error' ? 'alert' : 'status'} data-testid="teach-message" data-kind={custom.message.kind}>
          <p>{custom.message.text}</p>
          {custom.replaced && (
            <button type="button" onClick={undoCustomImport}>
              Undo import
            </button>
          )}
          <button type="button" onClick={dismissCustomMessage}>
            Dismiss
          </button>
        </div>
      )}
      <form className="teach-new" onSubmit={onCreate}>
        <label>
          New class{' '}
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. workout" maxLength={60} data-testid="teach-name" />
        </label>
        <button type="submit">Make class</button>
      </form>
      {guidance && (
        <p className="small" data-testid="teach-overall">
          {guidance}
        </p>
      )}
      <p className="muted small" role="status" data-testid="teach-status">
        {custom.training ? 'Learning your classes…' : custom.model && custom.trainMs !== null ? `Learnt in ${Math.round(custom.trainMs)} ms (leave-one-out included).` : ''}
      </p>
      <ul className="teach-classes">
        {custom.classes.map((c) => (
          <ClassCard key={c.name} c={c} teachable={teachable} owner={owner} />
        ))}
      </ul>
    </section>
  );
}
