/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwMessageDialog *astrix_question_new (GtkWindow             *parent,
                                       const char            *heading,
                                       const char            *answer,
                                       const char            *label,
                                       AdwResponseAppearance  appearance);

G_END_DECLS
