/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-question.h"

/*
 * The one way the app asks before it does something: a message dialog with Cancel and one
 * answer. Closing it (Escape, the window's close button) is Cancel, so nothing irreversible
 * happens by accident.
 */

/**
 * astrix_question_new:
 * @parent: (nullable): the window the question is about
 * @heading: the question, in title case ("End the Call?")
 * @answer: the response id of the one answer besides "cancel"
 * @label: its button's label, with a mnemonic
 * @appearance: how its button looks
 *
 * The caller sets the body and, if it wants one, the default response; then connects to
 * AdwMessageDialog::response and presents the dialog.
 *
 * Returns: (transfer none): the new dialog, not yet shown
 */
AdwMessageDialog *
astrix_question_new (GtkWindow             *parent,
                     const char            *heading,
                     const char            *answer,
                     const char            *label,
                     AdwResponseAppearance  appearance)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, NULL));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), answer, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, answer, appearance);
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}
