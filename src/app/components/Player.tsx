/**
 * Playback of the viewed track through an <audio> element on the file's object URL. It drives
 * the store's playhead while playing and follows the store's seek requests (clicks on plots).
 */
import { useEffect, useRef } from 'react';
import { useActions, useApp } from '../state/useApp.ts';

export function Player({ url, name }: { url: string | null; name: string }) {
  const audio = useRef<HTMLAudioElement>(null);
  const seekRequest = useApp((s) => s.playback.seek);
  const { setPlayhead } = useActions();

  useEffect(() => {
    const a = audio.current;
    if (a && seekRequest && Math.abs(a.currentTime - seekRequest.timeSec) > 0.01) a.currentTime = seekRequest.timeSec;
  }, [seekRequest]);

  useEffect(() => {
    const a = audio.current;
    if (!a) return;
    let frame = 0;
    const tick = () => {
      setPlayhead(a.currentTime, !a.paused);
      if (!a.paused) frame = requestAnimationFrame(tick);
    };
    const onPlay = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(tick);
    };
    const onStop = () => {
      cancelAnimationFrame(frame);
      setPlayhead(a.currentTime, false);
    };
    a.addEventListener('play', onPlay);
    a.addEventListener('pause', onStop);
    a.addEventListener('ended', onStop);
    a.addEventListener('seeked', tick);
    return () => {
      cancelAnimationFrame(frame);
      a.removeEventListener('play', onPlay);
      a.removeEventListener('pause', onStop);
      a.removeEventListener('ended', onStop);
      a.removeEventListener('seeked', tick);
    };
  }, [url, setPlayhead]);

  if (!url) return <p className="muted small">The audio is not kept with the history: drop the file again to play it.</p>;
  return <audio ref={audio} className="player" controls preload="metadata" src={url} aria-label={`Play ${name}`} />;
}
