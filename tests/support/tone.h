/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

/*
 * Tone analysis for the audio tests: the power of one frequency (Goertzel), the dominant
 * frequency in 1 Hz steps, how much of a signal a tone is. Samples are signed 16-bit mono.
 */

static inline double
tone_power (const gint16 *samples,
            gsize         n,
            double        rate,
            double        frequency)
{
  double coefficient = 2 * cos (2 * G_PI * frequency / rate);
  double s1 = 0, s2 = 0;

  for (gsize i = 0; i < n; i++)
    {
      double s0 = samples[i] + coefficient * s1 - s2;

      s2 = s1;
      s1 = s0;
    }
  return (s1 * s1 + s2 * s2 - coefficient * s1 * s2) / ((double) n * n);
}

/* The frequency between @low and @high, in 1 Hz steps, with the most power. */
static inline double
tone_dominant (const gint16 *samples,
               gsize         n,
               double        rate,
               double        low,
               double        high)
{
  double best = low, best_power = -1;

  for (double f = low; f <= high; f += 1)
    {
      double power = tone_power (samples, n, rate, f);

      if (power > best_power)
        {
          best = f;
          best_power = power;
        }
    }
  return best;
}

static inline double
tone_rms (const gint16 *samples,
          gsize         n)
{
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += (double) samples[i] * samples[i];
  return n > 0 ? sqrt (sum / n) : 0;
}

/* How much of the signal's power is at @frequency: about 1 for a pure tone, 0 for none. */
static inline double
tone_ratio (const gint16 *samples,
            gsize         n,
            double        rate,
            double        frequency)
{
  double rms = tone_rms (samples, n);

  /* A sine of amplitude A has power A²/4 in its Goertzel bin and a mean square of A²/2. */
  return rms > 0 ? 2 * tone_power (samples, n, rate, frequency) / (rms * rms) : 0;
}

G_END_DECLS
