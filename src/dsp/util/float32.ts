/** float32's smallest normal number: numpy's tiny() of float32 data, the floor librosa divides above. */
export const FLOAT32_TINY = 1.1754943508222875e-38;
