/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-connection.h"
#include "astrix-filter-model.h"
#include "astrix-monitor.h"
#include "astrix-phone-bar.h"
#include "astrix-player-bar.h"
#include "astrix-recordings-page.h"
#include "astrix-row-model.h"
#include "astrix-row.h"

G_BEGIN_DECLS

/*
 * Shared by the page's files: the table and its filters (astrix-recordings-page.c), its cells
 * (-cells.c), and its actions, keys and playing (-actions.c).
 */

struct _AstrixRecordingsPage
{
  AdwBin                parent_instance;

  /* Template */
  GtkDropDown          *server_dropdown;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *date_dropdown;
  GtkMenuButton        *from_button;
  GtkMenuButton        *to_button;
  GtkCalendar          *from_calendar;
  GtkCalendar          *to_calendar;
  GtkDropDown          *folder_dropdown;
  GtkLabel             *count_label;
  GtkRevealer          *problem_revealer;
  GtkLabel             *problem_label;
  GtkStack             *content_stack;
  GtkColumnView        *column_view;
  GtkSingleSelection   *selection;
  AstrixFilterModel    *filter_model;
  AstrixRowModel       *row_model;
  GtkSortListModel     *sort_model;
  GtkColumnViewColumn  *date_column;
  GtkColumnViewColumn  *duration_column;
  GtkColumnViewColumn  *size_column;
  GtkColumnViewColumn  *folder_column;
  GtkColumnViewColumn  *name_column;
  GtkColumnViewColumn  *uniqueid_column;
  GtkColumnViewColumn  *caller_column;
  AdwStatusPage        *empty_page;
  AstrixPhoneBar       *phone_bar;
  AstrixPlayerBar      *player_bar;

  /* Servers and their folders */
  GListModel           *servers;         /* AstrixConnection */
  AstrixConnection     *connection;      /* the one shown */
  GHashTable           *stores;          /* AstrixConnection -> AstrixRecordingStore */
  AstrixRecordingStore *store;           /* the connection's, or NULL without a folder */
  GtkStringList        *folders;         /* the folder filter's choices; the first is "all" */
  guint                 folders_id;      /* updates them once the listing settles */

  /* Filters */
  char                **words;           /* lower-case search words */
  gint64                date_from;       /* Unix time, inclusive; 0: open */
  gint64                date_to;         /* exclusive; 0: open */
  char                 *folder;          /* NULL: every folder */
  gboolean              filtering;       /* dates or a folder are set */

  /* Playing */
  AstrixLocalPlayer    *player;
  AstrixRecording      *playing;         /* what the player has open */
  AstrixMonitor        *owner;           /* holds the call on the phone: the app's, or ours */
  AstrixPhonePlayback  *phone;           /* the owner's playback, shown */
  char                 *phone_live_title; /* it plays a recording still being made */
  GSignalGroup         *selected_signals; /* of the selected AstrixRow */
};

void             _astrix_recordings_page_toast           (AstrixRecordingsPage *self,
                                                          const char           *text);
void             _astrix_recordings_page_show_connection (AstrixRecordingsPage *self,
                                                          AstrixConnection     *connection);
void             _astrix_recordings_page_phone_started   (AstrixRecordingsPage *self,
                                                          AstrixPhonePlayback  *phone,
                                                          AstrixServerConfig   *config);
void             _astrix_recordings_page_on_playback_started (AstrixRecordingsPage *self,
                                                              AstrixPhonePlayback  *phone,
                                                              AstrixServerConfig   *config);
void             _astrix_recordings_page_local_started   (AstrixRecordingsPage *self,
                                                          AstrixRecording      *recording);
void             _astrix_recordings_page_notify_phone    (AstrixRecordingsPage *self);

void             _astrix_recordings_page_set_up_columns  (AstrixRecordingsPage *self);

AstrixRecording *_astrix_recordings_page_get_selected    (AstrixRecordingsPage *self);
void             _astrix_recordings_page_update_actions  (AstrixRecordingsPage *self);
void             _astrix_recordings_page_init_actions    (AstrixRecordingsPage *self);
void             _astrix_recordings_page_class_actions   (GtkWidgetClass       *widget_class);

/* Read by tests only */
AstrixLocalPlayer    *_astrix_recordings_page_get_local_player (AstrixRecordingsPage *self);
AstrixRecordingStore *_astrix_recordings_page_get_store        (AstrixRecordingsPage *self);

G_END_DECLS
