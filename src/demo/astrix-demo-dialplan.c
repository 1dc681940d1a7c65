/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-demo-private.h"

/*
 * The dialplan of the lab the captures come from (capture 17's `dialplan show`, 19's
 * ShowDialPlan and the Newexten events of 07b, 08b, 09b, 11 and 13): the seed's spy, whisper,
 * barge and playback contexts. Sorted as Asterisk lists them. A test can take a context away
 * (astrix_demo_pbx_set_context_present()): then it is not there for anything.
 */

static const AstrixDemoPriority dialplan[] = {
  { "barge-context", "s", 1, NULL, "NoOp", "Barge into ${SPYTARGET}", 92 },
  { "barge-context", "s", 2, NULL, "ChanSpy", "${SPYTARGET},B", 93 },
  { "barge-context", "s", 3, NULL, "Hangup", "", 94 },
  { "playback-context", "checked", 1, NULL, "NoOp", "Playing: ${RECFILE}", 112 },
  { "playback-context", "checked", 2, NULL, "Answer", "", 113 },
  { "playback-context", "checked", 3, NULL, "GotoIf",
    "$[${STAT(e,${RECFILE}.wav)}]?play:notfound", 114 },
  { "playback-context", "checked", 4, "play", "Playback", "${RECFILE}", 115 },
  { "playback-context", "checked", 5, NULL, "Hangup", "", 116 },
  { "playback-context", "checked", 6, "notfound", "Playback", "file-not-found", 117 },
  { "playback-context", "checked", 7, NULL, "Hangup", "", 118 },
  { "playback-context", "ctl", 1, NULL, "NoOp", "ControlPlayback of ${RECFILE}", 105 },
  { "playback-context", "ctl", 2, NULL, "Answer", "", 106 },
  { "playback-context", "ctl", 3, NULL, "ControlPlayback", "${RECFILE},3000", 107 },
  { "playback-context", "ctl", 4, NULL, "NoOp",
    "CPLAYBACKSTATUS=${CPLAYBACKSTATUS} CPLAYBACKOFFSET=${CPLAYBACKOFFSET} "
    "CPLAYBACKSTOPKEY=${CPLAYBACKSTOPKEY}", 108 },
  { "playback-context", "ctl", 5, NULL, "Wait", "2", 109 },
  { "playback-context", "ctl", 6, NULL, "Hangup", "", 110 },
  { "playback-context", "s", 1, NULL, "NoOp", "Playing recording: ${RECFILE}", 97 },
  { "playback-context", "s", 2, NULL, "Answer", "", 98 },
  { "playback-context", "s", 3, NULL, "Wait", "1", 99 },
  { "playback-context", "s", 4, NULL, "Playback", "${RECFILE}", 100 },
  { "playback-context", "s", 5, NULL, "NoOp", "PLAYBACKSTATUS=${PLAYBACKSTATUS}", 101 },
  { "playback-context", "s", 6, NULL, "Hangup", "", 102 },
  { "spy-context", "d", 1, NULL, "NoOp", "ChanSpy with DTMF mode switching on ${SPYTARGET}", 80 },
  { "spy-context", "d", 2, NULL, "ChanSpy", "${SPYTARGET},bqd", 81 },
  { "spy-context", "d", 3, NULL, "Hangup", "", 82 },
  { "spy-context", "s", 1, NULL, "NoOp", "Starting ChanSpy on ${SPYTARGET}", 75 },
  { "spy-context", "s", 2, NULL, "Set", "TIMEOUT(absolute)=3600", 76 },
  { "spy-context", "s", 3, NULL, "ChanSpy", "${SPYTARGET},bq", 77 },
  { "spy-context", "s", 4, NULL, "Hangup", "", 78 },
  { "whisper-context", "s", 1, NULL, "NoOp", "Whisper to ${SPYTARGET}", 86 },
  { "whisper-context", "s", 2, NULL, "ChanSpy", "${SPYTARGET},w", 87 },
  { "whisper-context", "s", 3, NULL, "Hangup", "", 88 },
};

/* Returns: (nullable): the priority at a location, with its application and (unexpanded)
 *   arguments; %NULL where there is none */
const AstrixDemoPriority *
_astrix_demo_dialplan_lookup (AstrixDemoPbx *pbx,
                              const char    *context,
                              const char    *exten,
                              int            priority)
{
  if (!_astrix_demo_pbx_has_context (pbx, context))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (dialplan); i++)
    {
      const AstrixDemoPriority *e = &dialplan[i];

      if (strcmp (e->context, context) == 0 && strcmp (e->exten, exten) == 0 &&
          e->priority == priority)
        return e;
    }
  return NULL;
}

gboolean
_astrix_demo_dialplan_has_context (AstrixDemoPbx *pbx,
                                   const char    *context)
{
  if (!_astrix_demo_pbx_has_context (pbx, context))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (dialplan); i++)
    {
      if (strcmp (dialplan[i].context, context) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The priority of @label in context/exten, or 0 (ast_findlabel_extension) */
int
_astrix_demo_dialplan_find_label (AstrixDemoPbx *pbx,
                                  const char    *context,
                                  const char    *exten,
                                  const char    *label)
{
  if (!_astrix_demo_pbx_has_context (pbx, context))
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (dialplan); i++)
    {
      const AstrixDemoPriority *e = &dialplan[i];

      if (e->label != NULL && strcmp (e->context, context) == 0 &&
          strcmp (e->exten, exten) == 0 && strcmp (e->label, label) == 0)
        return e->priority;
    }
  return 0;
}

/*
 * Calls @func (if not %NULL) for every priority of @context (every context if %NULL) and
 * @exten (every extension if %NULL), in order.
 * Returns: how many priorities there were
 */
guint
_astrix_demo_dialplan_foreach (AstrixDemoPbx          *pbx,
                               const char             *context,
                               const char             *exten,
                               AstrixDemoDialplanFunc  func,
                               gpointer                user_data)
{
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (dialplan); i++)
    {
      const AstrixDemoPriority *e = &dialplan[i];

      if ((context != NULL && strcmp (e->context, context) != 0) ||
          (exten != NULL && strcmp (e->exten, exten) != 0) ||
          !_astrix_demo_pbx_has_context (pbx, e->context))
        continue;
      if (func != NULL)
        func (e, user_data);
      n++;
    }
  return n;
}
