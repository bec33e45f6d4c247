/** The one error type of the DSP layer, thrown after explicit input checks (librosa's ParameterError). */
export class ParameterError extends Error {
  override readonly name = 'ParameterError';
}
