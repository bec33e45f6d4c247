/**
 * The inference backend the page address asks for: `?backend=webgl` or `?backend=cpu` (for
 * tests and the curious); anything else leaves the choice to the worker (src/model/backend.ts).
 */
import type { BackendRequest } from '../../model/backend.ts';

/** The backend `search` (a location.search) asks for; 'auto' when it names none it knows. */
export function backendRequestFromQuery(search: string): BackendRequest {
  const asked = new URLSearchParams(search).get('backend')?.toLowerCase() ?? 'auto';
  return (['webgl', 'cpu'] as const).find((b) => b === asked) ?? 'auto';
}
