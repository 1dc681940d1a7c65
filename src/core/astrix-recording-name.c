/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "astrix-recording-private.h"

/*
 * What a recording's name tells: MixMonitor's and FreePBX's conventions (date, Uniqueid,
 * caller) and the format its extension suggests. Pure functions, tested on their own.
 */

static gboolean
all_digits (const char *p,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
    }
  return TRUE;
}

static int
number (const char *p,
        gsize       n)
{
  int value = 0;

  for (gsize i = 0; i < n; i++)
    value = value * 10 + (p[i] - '0');
  return value;
}

/* The local time zone, read once: g_date_time_new_local() reads it for every call. */
static GTimeZone *
local_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_local ());
  return zone;
}

/* "YYYYMMDD-HHMMSS" at @p, in local time (MixMonitor names use the PBX's clock). */
static gboolean
parse_stamp (const char *p,
             gint64     *date)
{
  g_autoptr(GDateTime) when = NULL;

  if (!all_digits (p, 8) || p[8] != '-' || !all_digits (p + 9, 6))
    return FALSE;
  when = g_date_time_new (local_zone (), number (p, 4), number (p + 4, 2), number (p + 6, 2),
                          number (p + 9, 2), number (p + 11, 2), number (p + 13, 2));
  if (when == NULL)
    return FALSE;
  *date = g_date_time_to_unix (when);
  return TRUE;
}

/* An Asterisk Uniqueid: "1795666433.57" (Unix time, a dot, a sequence number). */
static gboolean
is_uniqueid (const char *text,
             gsize       len)
{
  const char *dot = memchr (text, '.', len);

  return dot != NULL && dot - text >= 9 && dot - text <= 11 && all_digits (text, dot - text) &&
         len - (dot - text) >= 2 && all_digits (dot + 1, len - (dot - text) - 1);
}

static gsize
extension_offset (const char *basename)
{
  const char *dot = strrchr (basename, '.');

  if (dot == NULL || dot == basename || !_astrix_recording_format_from_name (basename))
    return strlen (basename);
  return dot - basename;
}

/* FreePBX: in-<to>-<from>-..., out-..., exten-..., q-<queue>-<from>-..., rg-<group>-<from>-... */
static char *
caller_from_prefix (const char *name,
                    gsize       len)
{
  g_autofree char *prefix = g_strndup (name, len);
  g_auto(GStrv) parts = g_strsplit (prefix, "-", -1);
  guint n = g_strv_length (parts);

  if (n >= 3 && parts[n - 1][0] != '\0')
    return g_strdup (parts[n - 1]);
  return NULL;
}

/*
 * What a recording's name says: its date (Unix time), the call's Uniqueid and the caller.
 * Returns: FALSE when the name follows no convention we know (the listing's mtime is the date).
 */
gboolean
_astrix_recording_parse_name (const char  *basename,
                              gint64      *date,
                              char       **uniqueid,
                              char       **caller)
{
  gsize len = extension_offset (basename);

  *uniqueid = NULL;
  *caller = NULL;
  for (gsize i = 0; i + 15 <= len; i++)
    {
      gint64 when;

      if ((i > 0 && basename[i - 1] != '-') || !parse_stamp (basename + i, &when))
        continue;
      if (i + 15 < len && basename[i + 15] != '-')
        continue;
      *date = when;
      if (i + 16 < len)
        *uniqueid = g_strndup (basename + i + 16, len - i - 16);
      if (i > 1)
        *caller = caller_from_prefix (basename, i - 1);
      return TRUE;
    }
  if (is_uniqueid (basename, len))
    {
      *uniqueid = g_strndup (basename, len);
      *date = g_ascii_strtoll (basename, NULL, 10);
      return TRUE;
    }
  return FALSE;
}

static const struct
{
  const char            *extension;
  AstrixRecordingFormat  format;
} extensions[] = {
  /* Asterisk's wav49 writes ".WAV": the case matters there; WAV's codec is in its header. */
  { "wav", ASTRIX_RECORDING_FORMAT_WAV_PCM },
  { "WAV", ASTRIX_RECORDING_FORMAT_WAV_GSM },
  { "wav49", ASTRIX_RECORDING_FORMAT_WAV_GSM },
  { "gsm", ASTRIX_RECORDING_FORMAT_GSM },
  { "ulaw", ASTRIX_RECORDING_FORMAT_ULAW },
  { "ul", ASTRIX_RECORDING_FORMAT_ULAW },
  { "mu", ASTRIX_RECORDING_FORMAT_ULAW },
  { "alaw", ASTRIX_RECORDING_FORMAT_ALAW },
  { "al", ASTRIX_RECORDING_FORMAT_ALAW },
  { "sln", ASTRIX_RECORDING_FORMAT_SLIN },
  { "raw", ASTRIX_RECORDING_FORMAT_SLIN },
  { "mp3", ASTRIX_RECORDING_FORMAT_MP3 },
  { "ogg", ASTRIX_RECORDING_FORMAT_OGG },
  { "oga", ASTRIX_RECORDING_FORMAT_OGG },
  { "opus", ASTRIX_RECORDING_FORMAT_OGG },
};

/* The format a file name suggests (UNKNOWN: not a recording). */
AstrixRecordingFormat
_astrix_recording_format_from_name (const char *basename)
{
  const char *dot = strrchr (basename, '.');

  if (dot == NULL || dot == basename)
    return ASTRIX_RECORDING_FORMAT_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      if (strcmp (dot + 1, extensions[i].extension) == 0)
        return extensions[i].format;
    }
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      if (g_ascii_strcasecmp (dot + 1, extensions[i].extension) == 0)
        return extensions[i].format;
    }
  return ASTRIX_RECORDING_FORMAT_UNKNOWN;
}

/* Whether a file of that name is a recording the folder view lists. */
gboolean
astrix_recording_is_audio_name (const char *name)
{
  return name[0] != '.' &&
         _astrix_recording_format_from_name (name) != ASTRIX_RECORDING_FORMAT_UNKNOWN;
}
