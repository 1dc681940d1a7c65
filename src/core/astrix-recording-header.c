/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gst/gst.h>

#include "astrix-recording-private.h"

/*
 * What a recording's first bytes tell (format, duration) and whether this desktop has the
 * GStreamer elements to decode it. Pure apart from the element registry.
 */

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static AstrixRecordingFormat
wav_format (guint tag,
            guint bits)
{
  switch (tag)
    {
    case 0x0001:
      return bits == 16 ? ASTRIX_RECORDING_FORMAT_WAV_PCM : ASTRIX_RECORDING_FORMAT_WAV_OTHER;
    case 0x0006:
      return ASTRIX_RECORDING_FORMAT_WAV_ALAW;
    case 0x0007:
      return ASTRIX_RECORDING_FORMAT_WAV_ULAW;
    case 0x0031:
      return ASTRIX_RECORDING_FORMAT_WAV_GSM;
    default:
      return ASTRIX_RECORDING_FORMAT_WAV_OTHER;
    }
}

/* RIFF/WAVE: the fmt chunk says the codec and the byte rate, the data chunk how much audio. */
static gboolean
parse_wav (const guint8          *data,
           gsize                  len,
           guint64                file_size,
           AstrixRecordingHeader *header,
           char                 **problem)
{
  guint32 byte_rate = 0;
  gboolean have_fmt = FALSE;
  gsize offset = 12;

  if (len < 12 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WAVE", 4) != 0)
    {
      *problem = g_strdup (_("The file is damaged, or it is not a WAV file."));
      return FALSE;
    }
  while (offset + 8 <= len)
    {
      const guint8 *chunk = data + offset;
      guint32 size = le32 (chunk + 4);

      if (memcmp (chunk, "fmt ", 4) == 0 && offset + 8 + 16 <= len)
        {
          guint tag = le16 (chunk + 8);

          /* WAVE_FORMAT_EXTENSIBLE carries the real tag in its sub-format GUID. */
          if (tag == 0xfffe && size >= 40 && offset + 8 + 26 <= len)
            tag = le16 (chunk + 8 + 24);
          header->channels = le16 (chunk + 10);
          header->rate = le32 (chunk + 12);
          byte_rate = le32 (chunk + 16);
          header->wav_tag = tag;
          header->format = wav_format (tag, le16 (chunk + 22));
          have_fmt = TRUE;
        }
      else if (memcmp (chunk, "data", 4) == 0)
        {
          guint64 start = offset + 8;
          guint64 available = file_size > start ? file_size - start : 0;

          if (!have_fmt || byte_rate == 0)
            break;
          /* While MixMonitor still writes, the header says 0 (or too much): use what is there. */
          if (size == 0 || size == G_MAXUINT32 || size > available)
            size = MIN (available, G_MAXUINT32);
          header->duration_ms = (gint64) size * 1000 / byte_rate;
          return TRUE;
        }
      offset += 8 + (guint64) size + (size & 1);
    }
  if (have_fmt && byte_rate != 0)
    {
      /* The data chunk lies beyond what we read (long metadata): estimate from the size. */
      header->duration_ms =
        (gint64) (file_size > offset ? file_size - offset : 0) * 1000 / byte_rate;
      return TRUE;
    }
  *problem = g_strdup (_("The file is damaged: its WAV header is incomplete."));
  return FALSE;
}

/* The byte rate of headerless formats Asterisk writes (8 kHz, mono). */
gint64
_astrix_recording_raw_bytes_per_second (AstrixRecordingFormat format)
{
  switch (format)
    {
    case ASTRIX_RECORDING_FORMAT_GSM:
      return 1650;  /* 33-byte frames of 20 ms */
    case ASTRIX_RECORDING_FORMAT_ULAW:
    case ASTRIX_RECORDING_FORMAT_ALAW:
      return 8000;
    case ASTRIX_RECORDING_FORMAT_SLIN:
      return 16000;
    default:
      return 0;
    }
}

gboolean
_astrix_recording_is_raw_format (AstrixRecordingFormat format)
{
  return _astrix_recording_raw_bytes_per_second (format) > 0;
}

/* Returns: (transfer full) (nullable): the GStreamer caps of a headerless format */
char *
_astrix_recording_raw_caps (AstrixRecordingFormat format)
{
  switch (format)
    {
    case ASTRIX_RECORDING_FORMAT_GSM:
      return g_strdup ("audio/x-gsm,rate=8000,channels=1");
    case ASTRIX_RECORDING_FORMAT_ULAW:
      return g_strdup ("audio/x-mulaw,rate=8000,channels=1");
    case ASTRIX_RECORDING_FORMAT_ALAW:
      return g_strdup ("audio/x-alaw,rate=8000,channels=1");
    case ASTRIX_RECORDING_FORMAT_SLIN:
      return g_strdup ("audio/x-raw,format=S16LE,layout=interleaved,rate=8000,channels=1");
    default:
      return NULL;
    }
}

/*
 * Reads the format and duration from the first bytes of a file (@len up to
 * ASTRIX_RECORDING_HEADER_BYTES) and its size. MP3 and Ogg need a decoder to know their
 * duration: they come back with a duration of -1.
 * Returns: FALSE with @problem when the header is damaged
 */
gboolean
_astrix_recording_parse_header (const guint8          *data,
                                gsize                  len,
                                guint64                file_size,
                                AstrixRecordingFormat  guess,
                                AstrixRecordingHeader *header,
                                char                 **problem)
{
  gint64 rate;

  header->format = guess;
  header->duration_ms = -1;
  header->wav_tag = 0;
  header->rate = 8000;
  header->channels = 1;
  *problem = NULL;

  if (len >= 12 && memcmp (data, "RIFF", 4) == 0)
    return parse_wav (data, len, file_size, header, problem);
  switch (guess)
    {
    case ASTRIX_RECORDING_FORMAT_WAV_PCM:
    case ASTRIX_RECORDING_FORMAT_WAV_GSM:
      return parse_wav (data, len, file_size, header, problem);
    case ASTRIX_RECORDING_FORMAT_MP3:
    case ASTRIX_RECORDING_FORMAT_OGG:
      if (len == 0)
        {
          *problem = g_strdup (_("The file is empty."));
          return FALSE;
        }
      return TRUE;
    default:
      rate = _astrix_recording_raw_bytes_per_second (guess);
      if (rate == 0)
        {
          *problem = g_strdup (_("This is not an audio format Astrix Assist knows."));
          return FALSE;
        }
      if (guess == ASTRIX_RECORDING_FORMAT_GSM)
        header->duration_ms = (gint64) (file_size / 33) * 20;
      else
        header->duration_ms = (gint64) file_size * 1000 / rate;
      return TRUE;
    }
}

static gboolean
have_element (const char *name)
{
  g_autoptr(GstElementFactory) factory = NULL;

  gst_init (NULL, NULL);
  factory = gst_element_factory_find (name);
  return factory != NULL;
}

static gboolean
need (const char  *element,
      const char  *codec,
      const char  *package,
      char       **problem)
{
  if (have_element (element))
    return TRUE;
  /* Translators: the first %s is a codec name ("GSM"), the second a package name. */
  *problem = g_strdup_printf (_("This computer cannot decode %s audio: the GStreamer plugin “%s” "
                                "is missing (install %s). The PBX can still play it on your "
                                "phone."), codec, element, package);
  return FALSE;
}

/*
 * Whether this computer has the GStreamer elements to play @format. MP3 and Ogg are left to
 * the decoder search of playbin (the answer comes from trying).
 * Returns: FALSE with @problem (a sentence naming what to install) if not
 */
gboolean
_astrix_recording_can_decode (AstrixRecordingFormat   format,
                              guint                   wav_tag,
                              char                  **problem)
{
  const char *good = "gstreamer1.0-plugins-good";
  const char *bad = "gstreamer1.0-plugins-bad";

  *problem = NULL;
  switch (format)
    {
    case ASTRIX_RECORDING_FORMAT_WAV_PCM:
      return need ("wavparse", "WAV", good, problem);
    case ASTRIX_RECORDING_FORMAT_WAV_ULAW:
      return need ("wavparse", "WAV", good, problem) && need ("mulawdec", "µ-law", good, problem);
    case ASTRIX_RECORDING_FORMAT_WAV_ALAW:
      return need ("wavparse", "WAV", good, problem) && need ("alawdec", "a-law", good, problem);
    case ASTRIX_RECORDING_FORMAT_WAV_GSM:
      return need ("wavparse", "WAV", good, problem) && need ("gsmdec", "GSM", bad, problem);
    case ASTRIX_RECORDING_FORMAT_GSM:
      return need ("gsmdec", "GSM", bad, problem);
    case ASTRIX_RECORDING_FORMAT_ULAW:
      return need ("mulawdec", "µ-law", good, problem);
    case ASTRIX_RECORDING_FORMAT_ALAW:
      return need ("alawdec", "a-law", good, problem);
    case ASTRIX_RECORDING_FORMAT_SLIN:
    case ASTRIX_RECORDING_FORMAT_MP3:
    case ASTRIX_RECORDING_FORMAT_OGG:
      return TRUE;
    case ASTRIX_RECORDING_FORMAT_WAV_OTHER:
      *problem = g_strdup_printf (_("This recording uses an audio codec (WAV format 0x%04x) this "
                                    "computer cannot decode. The PBX may still play it on your "
                                    "phone."), wav_tag);
      return FALSE;
    case ASTRIX_RECORDING_FORMAT_UNKNOWN:
    default:
      *problem = g_strdup (_("This is not an audio format Astrix Assist knows."));
      return FALSE;
    }
}
