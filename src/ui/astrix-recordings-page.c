/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-recordings"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "astrix-application.h"
#include "astrix-cell.h"
#include "astrix-connection.h"
#include "astrix-error.h"
#include "astrix-filter-model.h"
#include "astrix-recordings-page.h"
#include "astrix-row-model.h"

/*
 * The recordings of a server: a table (date, duration, size, folder, name, uniqueid, caller)
 * sortable by any column, searched as you type, narrowed to a date range or a folder; a
 * player bar that plays the selected recording here (AstrixLocalPlayer) and a bar for the
 * playback on the supervisor's phone (AstrixPhonePlayback). Everything has a key.
 *
 * Models: the server's AstrixRecordingStore -> GtkSortListModel (the column view's sorter)
 * -> AstrixFilterModel (search, dates, folder) -> GtkSingleSelection. Filtering the sorted
 * list, not sorting the filtered one: a keystroke in a folder of 100,000 recordings then
 * costs one pass of the filter, not a sort as well; and AstrixFilterModel rather than GTK's
 * makes that pass, and the table's update after it, a few milliseconds (bench-recordings).
 *
 * Durations are read only for the rows on screen: a duration cell asks the store when it is
 * bound, and takes the request back when it is unbound.
 */

#define SKIP_MS          10000
#define PHONE_LINGER_S   8
#define PHONE_SEEK_DELAY_MS 500   /* a drag on the phone's slider comes to rest */

typedef enum
{
  DATE_ANY,
  DATE_TODAY,
  DATE_YESTERDAY,
  DATE_WEEK,
  DATE_MONTH,
  DATE_BETWEEN,
} DateRange;

typedef enum
{
  COLUMN_DATE,
  COLUMN_DURATION,
  COLUMN_SIZE,
  COLUMN_FOLDER,
  COLUMN_NAME,
  COLUMN_UNIQUEID,
  COLUMN_CALLER,
} Column;

static const double speeds[] = { 0.75, 1.0, 1.25, 1.5, 2.0 };

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
  GtkRevealer          *phone_revealer;
  GtkLabel             *phone_label;
  GtkLabel             *phone_position_label;
  GtkScale             *phone_scale;
  GtkAdjustment        *phone_adjustment;
  guint                 phone_seek_id;      /* a seek on the phone waits for the drag to end */
  gint64                phone_seek_to;
  GtkButton            *phone_pause_button;
  GtkLabel             *player_title;
  GtkButton            *play_button;
  GtkLabel             *position_label;
  GtkLabel             *duration_label;
  GtkScale             *seek_scale;
  GtkAdjustment        *seek_adjustment;
  GtkDropDown          *speed_dropdown;

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
  char                 *phone_title;     /* the recording it plays, for the phone bar */
  guint                 phone_hide_id;
};

enum {
  PROP_0,
  PROP_PHONE_PLAYBACK,
  PROP_LOCAL_PLAYER,
  N_PROPS
};

enum {
  TOAST,
  PHONE_PLAYBACK_STARTED,
  LOCAL_PLAYBACK_STARTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AstrixRecordingsPage, astrix_recordings_page, ADW_TYPE_BIN)

static void update_actions (AstrixRecordingsPage *self);
static void update_content (AstrixRecordingsPage *self);

static void
toast (AstrixRecordingsPage *self,
       const char           *text)
{
  g_signal_emit (self, signals[TOAST], 0, text);
}

/* Formatting */

static char *
format_time (gint64 ms)
{
  gint64 s = MAX (ms, 0) / 1000;

  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}

static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);

  /* Translators: the date and time of a recording in the table, a g_date_time_format() format */
  return when != NULL ? g_date_time_format (when, _("%Y-%m-%d %H:%M:%S")) : g_strdup ("");
}

static gboolean
has_problem (AstrixRecording *recording)
{
  return astrix_recording_get_status (recording) > ASTRIX_RECORDING_STATUS_OK;
}

/* Cells: one AstrixCell each, following the one property it shows while bound. */

static const char *
column_property (Column column)
{
  switch (column)
    {
    case COLUMN_DURATION:
      return "duration";
    case COLUMN_SIZE:
      return "size";
    case COLUMN_CALLER:
      return "caller";
    case COLUMN_DATE:
      return "date";
    case COLUMN_FOLDER:
    case COLUMN_NAME:
    case COLUMN_UNIQUEID:
    default:
      return NULL;
    }
}

static char *
cell_text (AstrixRecording *recording,
           Column           column)
{
  switch (column)
    {
    case COLUMN_DATE:
      return format_date (astrix_recording_get_date (recording));
    case COLUMN_DURATION:
      if (astrix_recording_get_duration (recording) >= 0)
        return format_time (astrix_recording_get_duration (recording));
      return g_strdup (has_problem (recording) ? "—" : "");
    case COLUMN_SIZE:
      return g_format_size (astrix_recording_get_size (recording));
    case COLUMN_FOLDER:
      return g_strdup (astrix_recording_get_folder (recording));
    case COLUMN_NAME:
      return g_strdup (astrix_recording_get_name (recording));
    case COLUMN_UNIQUEID:
      return g_strdup (astrix_recording_get_uniqueid (recording));
    case COLUMN_CALLER:
    default:
      return g_strdup (astrix_recording_get_caller (recording));
    }
}

typedef struct
{
  AstrixRecordingsPage *page;   /* unowned: the page owns the factory */
  Column                column;
} CellKind;

/*
 * What a cell shows: the recording of its row (an AstrixRow, where recordings pass through
 * while the rows stay: see astrix-row-model.c), followed through its notifications.
 */
typedef struct
{
  CellKind        *kind;
  AstrixCell      *widget;      /* unowned: it owns this */
  AstrixRow       *row;         /* bound to, or NULL */
  AstrixRecording *recording;   /* shown */
  gulong           row_handler;
  gulong           notify_handler;
  gboolean         duration_asked;
} Cell;

/* The text is made when the cell is drawn: only the rows on screen make theirs. So are
 * durations asked for: only the rows on screen have their header read. */
static char *
cell_widget_text (AstrixCell *widget,
                  gpointer    data)
{
  Cell *cell = data;
  g_autofree char *text = NULL;

  if (cell->recording == NULL)
    return NULL;
  text = cell_text (cell->recording, cell->kind->column);
  if (cell->kind->column != COLUMN_DURATION)
    return g_steal_pointer (&text);
  if (has_problem (cell->recording))
    return g_strconcat ("⚠ ", text, NULL);
  if (!cell->duration_asked && astrix_recording_get_duration (cell->recording) < 0 &&
      cell->kind->page->store != NULL)
    {
      cell->duration_asked = TRUE;
      astrix_recording_store_request_duration (cell->kind->page->store, cell->recording);
    }
  return g_steal_pointer (&text);
}

/* A recording that cannot be played here says why, in a tooltip on its duration. */
static void
show_cell (Cell *cell)
{
  GtkWidget *widget = GTK_WIDGET (cell->widget);

  astrix_cell_invalidate (cell->widget);
  if (cell->recording != NULL && cell->kind->column == COLUMN_DURATION && has_problem (cell->recording))
    {
      gtk_widget_set_tooltip_text (widget, astrix_recording_get_problem (cell->recording));
      return;
    }
  /* Setting a tooltip asks the X server where the pointer is: only when there is one. */
  if (gtk_widget_get_has_tooltip (widget))
    gtk_widget_set_has_tooltip (widget, FALSE);
}

/* A property of the recording changed (#AstrixRow::item-notify): the one shown, or the
 * status, which the duration tells. */
static void
on_recording_notify (AstrixRow  *row,
                     GParamSpec *pspec,
                     Cell       *cell)
{
  const char *property = column_property (cell->kind->column);

  if ((property != NULL && strcmp (pspec->name, property) == 0) ||
      (cell->kind->column == COLUMN_DURATION && strcmp (pspec->name, "status") == 0))
    show_cell (cell);
}

static void
detach_recording (Cell *cell)
{
  AstrixRecordingStore *store = cell->kind->page->store;

  if (cell->recording == NULL)
    return;
  if (cell->duration_asked && store != NULL)
    astrix_recording_store_cancel_duration (store, cell->recording);
  cell->duration_asked = FALSE;
  g_clear_object (&cell->recording);
}

static void
attach_recording (Cell            *cell,
                  AstrixRecording *recording)
{
  detach_recording (cell);
  g_set_object (&cell->recording, recording);
  show_cell (cell);
}

static void
on_row_item (AstrixRow  *row,
             GParamSpec *pspec,
             Cell       *cell)
{
  attach_recording (cell, astrix_row_get_item (row));
}

static void
cell_free (gpointer data)
{
  Cell *cell = data;

  detach_recording (cell);
  if (cell->row != NULL)
    {
      g_clear_signal_handler (&cell->row_handler, cell->row);
      g_clear_signal_handler (&cell->notify_handler, cell->row);
    }
  g_free (cell);
}

/* AstrixCell: a cell that does not measure its text, which a table of 200 rows feels. */
static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            CellKind                 *kind)
{
  GtkWidget *widget = astrix_cell_new ();
  Cell *cell = g_new0 (Cell, 1);

  cell->kind = kind;
  cell->widget = ASTRIX_CELL (widget);
  astrix_cell_set_text_func (cell->widget, cell_widget_text, cell);
  if (kind->column == COLUMN_DURATION || kind->column == COLUMN_SIZE)
    gtk_widget_add_css_class (widget, "numeric");
  g_object_set_data_full (G_OBJECT (widget), "astrix-cell", cell, cell_free);
  gtk_list_item_set_child (item, widget);
}

static Cell *
cell_of (GtkListItem *item)
{
  return g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "astrix-cell");
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           CellKind                 *kind)
{
  Cell *cell = cell_of (item);

  cell->row = gtk_list_item_get_item (item);
  cell->row_handler = g_signal_connect (cell->row, "notify::item", G_CALLBACK (on_row_item), cell);
  cell->notify_handler = g_signal_connect (cell->row, "item-notify", G_CALLBACK (on_recording_notify),
                                           cell);
  attach_recording (cell, astrix_row_get_item (cell->row));
}

static void
cell_unbind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CellKind                 *kind)
{
  Cell *cell = cell_of (item);

  detach_recording (cell);
  if (cell->row != NULL)
    {
      g_clear_signal_handler (&cell->row_handler, cell->row);
      g_clear_signal_handler (&cell->notify_handler, cell->row);
    }
  cell->row = NULL;
}

static GtkListItemFactory *
cell_factory_new (AstrixRecordingsPage *self,
                  Column                column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  CellKind *kind = g_new0 (CellKind, 1);

  kind->page = self;
  kind->column = column;
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), kind);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), kind);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind), kind);
  g_object_set_data_full (G_OBJECT (factory), "astrix-kind", kind, g_free);
  return factory;
}

static void
set_up_columns (AstrixRecordingsPage *self)
{
  struct
  {
    GtkColumnViewColumn *column;
    Column               kind;
  } columns[] = {
    { self->date_column, COLUMN_DATE },
    { self->duration_column, COLUMN_DURATION },
    { self->size_column, COLUMN_SIZE },
    { self->folder_column, COLUMN_FOLDER },
    { self->name_column, COLUMN_NAME },
    { self->uniqueid_column, COLUMN_UNIQUEID },
    { self->caller_column, COLUMN_CALLER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autoptr(GtkListItemFactory) factory = cell_factory_new (self, columns[i].kind);

      gtk_column_view_column_set_factory (columns[i].column, factory);
    }
  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));
  gtk_column_view_sort_by_column (self->column_view, self->date_column, GTK_SORT_DESCENDING);
}

/* Filters */

static const char *
search_key (gpointer item)
{
  return astrix_recording_get_search_key (item);
}

static gboolean
date_matches (AstrixRecordingsPage *self,
              AstrixRecording      *recording)
{
  gint64 date = astrix_recording_get_date (recording);

  return (self->date_from == 0 || date >= self->date_from) &&
         (self->date_to == 0 || date < self->date_to);
}

/* A folder includes its sub-folders. */
static gboolean
folder_matches (AstrixRecordingsPage *self,
                AstrixRecording      *recording)
{
  const char *folder = astrix_recording_get_folder (recording);
  gsize len;

  if (self->folder == NULL)
    return TRUE;
  len = strlen (self->folder);
  return strncmp (folder, self->folder, len) == 0 && (folder[len] == '\0' || folder[len] == '/');
}

static gboolean
recording_shown (gpointer item,
                 gpointer data)
{
  return date_matches (data, item) && folder_matches (data, item);
}

/* The search for words is the filter model's (it keeps the text it searches, see
 * search_key()); with no dates nor folder, nothing else looks at each recording. */
static void
refilter (AstrixRecordingsPage *self,
          GtkFilterChange       change)
{
  gboolean filtering = self->date_from != 0 || self->date_to != 0 || self->folder != NULL;

  /* (The template sets things up before the filter is in place.) */
  if (self->filter_model == NULL)
    return;
  if (filtering != self->filtering)
    {
      self->filtering = filtering;
      astrix_filter_model_set_filter_func (self->filter_model, filtering ? recording_shown : NULL,
                                           self, NULL);
      return;
    }
  astrix_filter_model_refilter (self->filter_model, change);
}

static char **
split_words (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  g_auto(GStrv) parts = g_strsplit_set (g_strstrip (lower), " \t", -1);
  GStrvBuilder *builder = g_strv_builder_new ();
  char **words;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  words = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return words;
}

/* Each new word, or a longer one, narrows: the filter then looks only at what matched. */
static GtkFilterChange
search_change (char **before,
               char **after)
{
  guint n_before = before != NULL ? g_strv_length (before) : 0;
  guint n_after = g_strv_length (after);
  gboolean stricter = n_after >= n_before;
  gboolean looser = n_after <= n_before;

  for (guint i = 0; i < MIN (n_before, n_after); i++)
    {
      stricter = stricter && strstr (after[i], before[i]) != NULL;
      looser = looser && strstr (before[i], after[i]) != NULL;
    }
  return stricter ? GTK_FILTER_CHANGE_MORE_STRICT
                  : looser ? GTK_FILTER_CHANGE_LESS_STRICT : GTK_FILTER_CHANGE_DIFFERENT;
}

static void
on_search_changed (AstrixRecordingsPage *self)
{
  char **words = split_words (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  GtkFilterChange change = search_change (self->words, words);

  g_strfreev (self->words);
  self->words = words;
  if (self->filter_model != NULL)
    astrix_filter_model_set_words (self->filter_model, (const char * const *) words, change);
}

static void
on_stop_search (AstrixRecordingsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static gint64
local_midnight (int days_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                         g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now),
                                                         0, 0, 0);
  g_autoptr(GDateTime) then = g_date_time_add_days (midnight, -days_ago);

  return g_date_time_to_unix (then);
}

static gint64
calendar_midnight (GtkCalendar *calendar,
                   int          days_after)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (day),
                                                         g_date_time_get_month (day),
                                                         g_date_time_get_day_of_month (day),
                                                         0, 0, 0);
  g_autoptr(GDateTime) then = g_date_time_add_days (midnight, days_after);

  return g_date_time_to_unix (then);
}

static void
update_calendar_labels (AstrixRecordingsPage *self)
{
  g_autoptr(GDateTime) from = gtk_calendar_get_date (self->from_calendar);
  g_autoptr(GDateTime) to = gtk_calendar_get_date (self->to_calendar);
  /* Translators: a day in the date range buttons, a g_date_time_format() format */
  g_autofree char *from_text = g_date_time_format (from, _("%Y-%m-%d"));
  g_autofree char *to_text = g_date_time_format (to, _("%Y-%m-%d"));

  gtk_menu_button_set_label (self->from_button, from_text);
  gtk_menu_button_set_label (self->to_button, to_text);
}

static void
apply_dates (AstrixRecordingsPage *self)
{
  DateRange range = gtk_drop_down_get_selected (self->date_dropdown);
  gboolean between = range == DATE_BETWEEN;

  self->date_from = 0;
  self->date_to = 0;
  switch (range)
    {
    case DATE_TODAY:
      self->date_from = local_midnight (0);
      break;
    case DATE_YESTERDAY:
      self->date_from = local_midnight (1);
      self->date_to = local_midnight (0);
      break;
    case DATE_WEEK:
      self->date_from = local_midnight (6);
      break;
    case DATE_MONTH:
      self->date_from = local_midnight (29);
      break;
    case DATE_BETWEEN:
      self->date_from = calendar_midnight (self->from_calendar, 0);
      self->date_to = calendar_midnight (self->to_calendar, 1);
      break;
    case DATE_ANY:
    default:
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->from_button), between);
  gtk_widget_set_visible (GTK_WIDGET (self->to_button), between);
  update_calendar_labels (self);
  refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_date_changed (AstrixRecordingsPage *self)
{
  apply_dates (self);
}

static void
on_calendar_changed (AstrixRecordingsPage *self)
{
  apply_dates (self);
}

static void
on_folder_changed (AstrixRecordingsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->folder_dropdown);

  g_clear_pointer (&self->folder, g_free);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    self->folder = g_strdup (gtk_string_list_get_string (self->folders, selected));
  refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

/* The folder filter lists the store's folders; "" (the top) is not a choice of its own. */
static void
update_folders (AstrixRecordingsPage *self)
{
  g_auto(GStrv) folders = self->store != NULL ? astrix_recording_store_dup_folders (self->store)
                                              : NULL;
  g_autofree char *kept = g_strdup (self->folder);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) items = NULL;
  guint selected = 0;
  guint n = 1;

  g_strv_builder_add (builder, _("All folders"));
  for (guint i = 0; folders != NULL && folders[i] != NULL; i++)
    {
      if (folders[i][0] == '\0')
        continue;
      if (g_strcmp0 (folders[i], kept) == 0)
        selected = n;
      g_strv_builder_add (builder, folders[i]);
      n++;
    }
  items = g_strv_builder_end (builder);
  g_signal_handlers_block_by_func (self->folder_dropdown, on_folder_changed, self);
  gtk_string_list_splice (self->folders, 0, g_list_model_get_n_items (G_LIST_MODEL (self->folders)),
                          (const char * const *) items);
  gtk_drop_down_set_selected (self->folder_dropdown, selected);
  g_signal_handlers_unblock_by_func (self->folder_dropdown, on_folder_changed, self);
  /* The folder chosen is gone: show them all again. */
  if (selected == 0 && kept != NULL)
    on_folder_changed (self);
}

static gboolean
update_folders_cb (gpointer data)
{
  AstrixRecordingsPage *self = data;

  self->folders_id = 0;
  update_folders (self);
  return G_SOURCE_REMOVE;
}

/* A walk finds folders one after the other: the drop-down is made again once a moment. */
static void
queue_update_folders (AstrixRecordingsPage *self)
{
  if (self->folders_id == 0)
    self->folders_id = g_timeout_add (250, update_folders_cb, self);
}

/* The list's state in words */

static void
set_empty (AstrixRecordingsPage *self,
           const char           *icon,
           const char           *title,
           const char           *description)
{
  adw_status_page_set_icon_name (self->empty_page, icon);
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

static void
update_count (AstrixRecordingsPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint total = self->store != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->store)) : 0;
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u recording", "%u recordings", total),
                            total);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u recording",
                                         "%u of %u recordings", total), shown, total);
  gtk_label_set_label (self->count_label, self->store != NULL ? text : "");
}

static void
update_content (AstrixRecordingsPage *self)
{
  AstrixServerConfig *config = self->connection ? astrix_connection_get_config (self->connection) : NULL;
  const char *error = self->store != NULL ? astrix_recording_store_get_error (self->store) : NULL;
  gboolean loading = self->store != NULL && astrix_recording_store_get_loading (self->store);
  guint total = self->store != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->store)) : 0;

  update_count (self);
  gtk_label_set_label (self->problem_label, error != NULL ? error : "");
  gtk_revealer_set_reveal_child (self->problem_revealer, error != NULL && total > 0);
  if (self->connection == NULL)
    set_empty (self, "network-server-symbolic", _("No Server"),
               _("Add a server to see the recordings of its calls."));
  else if (self->store == NULL)
    {
      g_autofree char *text =
        g_strdup_printf (_("Set the recordings folder of %s in Preferences: a folder on this "
                           "computer, or a network location such as "
                           "sftp://pbx/var/spool/asterisk/monitor."),
                         astrix_server_config_get_name (config));

      set_empty (self, "folder-symbolic", _("No Recordings Folder"), text);
    }
  else if (total == 0 && error != NULL)
    set_empty (self, "dialog-warning-symbolic", _("The Recordings Folder Cannot Be Read"), error);
  else if (total == 0 && loading)
    set_empty (self, "content-loading-symbolic", _("Loading Recordings…"), NULL);
  else if (total == 0)
    set_empty (self, "folder-music-symbolic", _("No Recordings"),
               _("Recorded calls appear here as the PBX writes them."));
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    set_empty (self, "edit-find-symbolic", _("No Matching Recordings"),
               _("Try another search, date range or folder."));
  else
    gtk_stack_set_visible_child_name (self->content_stack, "list");
}

/* Servers */

static void
on_loading (AstrixRecordingsPage *self)
{
  if (!astrix_recording_store_get_loading (self->store))
    {
      g_clear_handle_id (&self->folders_id, g_source_remove);
      update_folders (self);
    }
  update_content (self);
}

static void
set_store (AstrixRecordingsPage *self,
           AstrixRecordingStore *store)
{
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  gtk_sort_list_model_set_model (self->sort_model, G_LIST_MODEL (store));
  if (store != NULL)
    {
      g_signal_connect_swapped (store, "notify::loading", G_CALLBACK (on_loading), self);
      g_signal_connect_swapped (store, "notify::error", G_CALLBACK (update_content), self);
      g_signal_connect_swapped (store, "items-changed", G_CALLBACK (update_content), self);
      g_signal_connect_swapped (store, "notify::folders", G_CALLBACK (queue_update_folders), self);
      astrix_recording_store_load (store);
    }
  update_folders (self);
  update_content (self);
  update_actions (self);
}

static AstrixRecordingStore *
store_for (AstrixRecordingsPage *self,
           AstrixConnection     *connection)
{
  AstrixServerConfig *config = astrix_connection_get_config (connection);
  const char *uri = astrix_server_config_get_recordings_uri (config);
  AstrixRecordingStore *store = g_hash_table_lookup (self->stores, connection);

  if (uri == NULL || uri[0] == '\0')   /* no recordings folder for this server */
    return NULL;
  if (store == NULL)
    {
      store = astrix_recording_store_new_for_uri (uri,
                                                  astrix_server_config_get_pbx_recordings_path (config));
      astrix_recording_store_set_channel_store (store, astrix_connection_get_store (connection));
      g_hash_table_insert (self->stores, g_object_ref (connection), store);
    }
  return store;
}

/* The folder's setting changed: the store is made again. */
static void
on_folder_setting (AstrixServerConfig   *config,
                   GParamSpec           *pspec,
                   AstrixRecordingsPage *self)
{
  for (guint i = 0; self->servers != NULL && i < g_list_model_get_n_items (self->servers); i++)
    {
      g_autoptr(AstrixConnection) connection = g_list_model_get_item (self->servers, i);

      if (astrix_connection_get_config (connection) == config)
        g_hash_table_remove (self->stores, connection);
    }
  if (self->connection != NULL && astrix_connection_get_config (self->connection) == config)
    set_store (self, store_for (self, self->connection));
}

static void
show_connection (AstrixRecordingsPage *self,
                 AstrixConnection     *connection)
{
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_func (astrix_connection_get_config (self->connection),
                                          on_folder_setting, self);
  g_set_object (&self->connection, connection);
  if (connection != NULL)
    {
      AstrixServerConfig *config = astrix_connection_get_config (connection);

      g_signal_connect_object (config, "notify::recordings-uri", G_CALLBACK (on_folder_setting), self, 0);
      g_signal_connect_object (config, "notify::pbx-recordings-path", G_CALLBACK (on_folder_setting),
                               self, 0);
    }
  set_store (self, connection != NULL ? store_for (self, connection) : NULL);
}

static void
on_server_selected (AstrixRecordingsPage *self)
{
  AstrixConnection *connection = gtk_drop_down_get_selected_item (self->server_dropdown);

  show_connection (self, connection);
}

static void
on_servers_changed (AstrixRecordingsPage *self)
{
  guint n = g_list_model_get_n_items (self->servers);

  gtk_widget_set_visible (GTK_WIDGET (self->server_dropdown), n > 1);
  on_server_selected (self);
}

static char *
connection_name (AstrixConnection *connection)
{
  return g_strdup (connection != NULL ? astrix_connection_get_name (connection) : "");
}

/**
 * astrix_recordings_page_set_servers:
 * @connections: a list model of #AstrixConnection; each one's #AstrixServerConfig says where
 *   its recordings are (recordings-uri, pbx-recordings-path)
 *
 * The page shows one server's recordings at a time; a drop-down chooses when there are more.
 */
void
astrix_recordings_page_set_servers (AstrixRecordingsPage *self,
                                    GListModel           *connections)
{
  g_autoptr(GtkExpression) name = NULL;

  g_return_if_fail (ASTRIX_IS_RECORDINGS_PAGE (self));

  if (self->servers != NULL)
    g_signal_handlers_disconnect_by_data (self->servers, self);
  g_set_object (&self->servers, connections);
  name = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                      G_CALLBACK (connection_name), NULL, NULL);
  gtk_drop_down_set_expression (self->server_dropdown, name);
  gtk_drop_down_set_model (self->server_dropdown, connections);
  if (connections != NULL)
    {
      g_signal_connect_swapped (connections, "items-changed", G_CALLBACK (on_servers_changed), self);
      on_servers_changed (self);
    }
  else
    show_connection (self, NULL);
}

/* Finds the recording a user or script named (URI, path on this desktop, PBX path, relative). */
static AstrixRecording *
find_recording (AstrixRecordingsPage *self,
                const char           *text)
{
  g_autoptr(GFile) file = NULL;
  GFile *root;
  AstrixRecording *recording;

  if (self->store == NULL || text == NULL)
    return NULL;
  root = astrix_recording_store_get_root (self->store);
  recording = astrix_recording_store_lookup_pbx_path (self->store, text);
  if (recording != NULL)
    return recording;
  file = astrix_recording_resolve (root, astrix_recording_store_get_pbx_path (self->store), text,
                                   NULL);
  return file != NULL ? astrix_recording_store_lookup_file (self->store, file) : NULL;
}

static AstrixRecording *
selected_recording (AstrixRecordingsPage *self)
{
  AstrixRow *row = gtk_single_selection_get_selected_item (self->selection);

  return row != NULL ? astrix_row_get_item (row) : NULL;
}

/* Playing here */

static void
update_player (AstrixRecordingsPage *self)
{
  AstrixPlayerState state = astrix_local_player_get_state (self->player);
  gint64 duration = astrix_local_player_get_duration (self->player);
  gint64 position = astrix_local_player_get_position (self->player);
  g_autofree char *position_text = format_time (position);
  g_autofree char *duration_text = format_time (MAX (duration, 0));
  gboolean playing = state == ASTRIX_PLAYER_PLAYING;
  gboolean open = state == ASTRIX_PLAYER_PAUSED || playing || state == ASTRIX_PLAYER_ENDED;

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_label_set_label (self->position_label, position_text);
  gtk_label_set_label (self->duration_label, duration_text);
  gtk_adjustment_set_upper (self->seek_adjustment, MAX (duration, 1));
  gtk_adjustment_set_value (self->seek_adjustment, position);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seek_scale), open && duration > 0);
  update_actions (self);
}

static void
update_player_title (AstrixRecordingsPage *self)
{
  const char *error = astrix_local_player_get_error_message (self->player);
  g_autofree char *text = NULL;

  if (self->playing == NULL)
    return;
  if (error != NULL)
    text = g_strdup_printf ("%s — %s", astrix_recording_get_relative_path (self->playing), error);
  else
    text = g_strdup (astrix_recording_get_relative_path (self->playing));
  gtk_label_set_label (self->player_title, text);
  if (error != NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->player_title), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->player_title), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->player_title), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->player_title), "dim-label");
    }
}

static void
on_player_state (AstrixRecordingsPage *self)
{
  update_player_title (self);
  update_player (self);
  if (astrix_local_player_get_state (self->player) == ASTRIX_PLAYER_ERROR)
    toast (self, astrix_local_player_get_error_message (self->player));
}

static gboolean
on_seek_change_value (AstrixRecordingsPage *self,
                      GtkScrollType         scroll,
                      double                value)
{
  astrix_local_player_seek (self->player, (gint64) value);
  return FALSE;
}

static void
on_speed_changed (AstrixRecordingsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->speed_dropdown);

  if (selected < G_N_ELEMENTS (speeds))
    astrix_local_player_set_rate (self->player, speeds[selected]);
}

static gboolean
play_recording (AstrixRecordingsPage  *self,
                AstrixRecording       *recording,
                GError               **error)
{
  g_autoptr(GFile) file = NULL;

  /* Nothing outside the folder is ever played, links included. */
  if (!astrix_recording_check_inside (recording, error))
    return FALSE;
  file = astrix_recording_dup_file (recording);
  g_set_object (&self->playing, recording);
  astrix_local_player_open (self->player, file, astrix_recording_get_format (recording));
  astrix_local_player_play (self->player);
  update_player_title (self);
  g_signal_emit (self, signals[LOCAL_PLAYBACK_STARTED], 0, self->player,
                 self->connection != NULL ? astrix_connection_get_config (self->connection) : NULL,
                 recording);
  return TRUE;
}

static void
play_selected (AstrixRecordingsPage *self)
{
  AstrixRecording *recording = selected_recording (self);
  g_autoptr(GError) error = NULL;

  if (recording != NULL && !play_recording (self, recording, &error))
    toast (self, error->message);
}

static void
on_row_activated (AstrixRecordingsPage *self,
                  guint                 position)
{
  gtk_single_selection_set_selected (self->selection, position);
  play_selected (self);
}

/* Playing on the phone */

static void
update_phone (AstrixRecordingsPage *self)
{
  AstrixPlaybackState state = self->phone ? astrix_phone_playback_get_state (self->phone)
                                          : ASTRIX_PLAYBACK_NEW;
  g_autofree char *text = NULL;
  g_autofree char *position = NULL;
  g_autofree char *duration = NULL;

  if (self->phone == NULL)
    {
      gtk_revealer_set_reveal_child (self->phone_revealer, FALSE);
      update_actions (self);
      return;
    }
  text = g_strdup_printf ("%s — %s", astrix_phone_playback_describe_state (self->phone),
                          self->phone_title);
  gtk_label_set_label (self->phone_label, text);
  position = format_time (astrix_phone_playback_get_position (self->phone));
  if (astrix_phone_playback_get_duration (self->phone) >= 0)
    {
      duration = format_time (astrix_phone_playback_get_duration (self->phone));
      g_free (text);
      text = g_strdup_printf ("%s / %s", position, duration);
    }
  gtk_label_set_label (self->phone_position_label, duration != NULL ? text : position);
  /* Seeking calls the phone again (Asterisk cannot jump within ControlPlayback) */
  gtk_widget_set_visible (GTK_WIDGET (self->phone_scale),
                          astrix_phone_playback_get_duration (self->phone) > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->phone_scale),
                            state == ASTRIX_PLAYBACK_PLAYING || state == ASTRIX_PLAYBACK_PAUSED);
  if (self->phone_seek_id == 0 && astrix_phone_playback_get_duration (self->phone) > 0)
    {
      gtk_adjustment_set_upper (self->phone_adjustment,
                                (double) astrix_phone_playback_get_duration (self->phone));
      gtk_adjustment_set_value (self->phone_adjustment,
                                (double) astrix_phone_playback_get_position (self->phone));
    }
  gtk_button_set_icon_name (self->phone_pause_button,
                            state == ASTRIX_PLAYBACK_PAUSED ? "media-playback-start-symbolic"
                                                            : "media-playback-pause-symbolic");
  gtk_revealer_set_reveal_child (self->phone_revealer, TRUE);
  update_actions (self);
}

static gboolean
hide_phone (gpointer data)
{
  AstrixRecordingsPage *self = data;

  self->phone_hide_id = 0;
  if (self->phone != NULL && !astrix_phone_playback_is_running (self->phone))
    gtk_revealer_set_reveal_child (self->phone_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_phone_recording_duration (AstrixRecording     *recording,
                             GParamSpec          *pspec,
                             AstrixPhonePlayback *phone)
{
  astrix_phone_playback_set_duration (phone, astrix_recording_get_duration (recording));
}

static gboolean
seek_on_phone (gpointer data)
{
  AstrixRecordingsPage *self = data;
  g_autoptr(GError) error = NULL;

  self->phone_seek_id = 0;
  if (self->phone != NULL && astrix_phone_playback_is_running (self->phone) &&
      !astrix_phone_playback_seek (self->phone, self->phone_seek_to, &error))
    toast (self, error->message);
  return G_SOURCE_REMOVE;
}

/* Every move of the slider would dial again: only where it comes to rest counts. */
static gboolean
on_phone_scale_change_value (AstrixRecordingsPage *self,
                             GtkScrollType         scroll,
                             double                value)
{
  self->phone_seek_to = (gint64) CLAMP (value, 0, gtk_adjustment_get_upper (self->phone_adjustment));
  g_clear_handle_id (&self->phone_seek_id, g_source_remove);
  self->phone_seek_id = g_timeout_add (PHONE_SEEK_DELAY_MS, seek_on_phone, self);
  return FALSE;
}

static void
on_phone_state (AstrixRecordingsPage *self)
{
  update_phone (self);
  if (astrix_phone_playback_is_running (self->phone))
    return;
  if (astrix_phone_playback_get_state (self->phone) == ASTRIX_PLAYBACK_FAILED)
    toast (self, astrix_phone_playback_get_end_reason (self->phone));
  g_clear_handle_id (&self->phone_hide_id, g_source_remove);
  self->phone_hide_id = g_timeout_add_seconds (PHONE_LINGER_S, hide_phone, self);
}

static void
set_phone (AstrixRecordingsPage *self,
           AstrixPhonePlayback  *phone,
           const char           *title)
{
  if (self->phone != NULL)
    g_signal_handlers_disconnect_by_data (self->phone, self);
  g_clear_handle_id (&self->phone_hide_id, g_source_remove);
  g_clear_handle_id (&self->phone_seek_id, g_source_remove);
  g_set_object (&self->phone, phone);
  g_free (self->phone_title);
  self->phone_title = g_strdup (title);
  if (phone != NULL)
    {
      g_signal_connect_swapped (phone, "notify::state", G_CALLBACK (on_phone_state), self);
      g_signal_connect_swapped (phone, "notify::position", G_CALLBACK (update_phone), self);
      g_signal_connect_swapped (phone, "notify::duration", G_CALLBACK (update_phone), self);
      g_signal_connect_swapped (phone, "warning", G_CALLBACK (toast), self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE_PLAYBACK]);
  update_phone (self);
}

/* A playback on the phone started, here or by the application: the phone bar shows it. */
static void
on_playback_started (AstrixRecordingsPage *self,
                     AstrixPhonePlayback  *phone,
                     AstrixServerConfig   *config)
{
  const char *recording = astrix_phone_playback_get_recording (phone);
  AstrixRecording *found;

  /* The server it plays from is the one shown */
  for (guint i = 0; self->servers != NULL && i < g_list_model_get_n_items (self->servers); i++)
    {
      g_autoptr(AstrixConnection) connection = g_list_model_get_item (self->servers, i);

      if (astrix_connection_get_config (connection) == config && connection != self->connection)
        show_connection (self, connection);
    }
  found = find_recording (self, recording);
  if (found != NULL && astrix_recording_get_duration (found) >= 0)
    astrix_phone_playback_set_duration (phone, astrix_recording_get_duration (found));
  /* Not read yet (durations are read for the rows on screen): the phone bar learns it */
  if (found != NULL && astrix_recording_get_duration (found) < 0)
    {
      g_signal_connect_object (found, "notify::duration",
                               G_CALLBACK (on_phone_recording_duration), phone, 0);
      if (self->store != NULL)
        astrix_recording_store_request_duration (self->store, found);
    }
  set_phone (self, phone, found != NULL ? astrix_recording_get_relative_path (found) : recording);
  g_signal_emit (self, signals[PHONE_PLAYBACK_STARTED], 0, phone, config);
}

/* The connection whose folder holds @text, or the one shown. */
static AstrixConnection *
connection_for (AstrixRecordingsPage *self,
                const char           *text)
{
  g_autoptr(GFile) file = g_uri_peek_scheme (text) != NULL || text[0] == '/'
                            ? g_file_new_for_commandline_arg (text) : NULL;

  for (guint i = 0; file != NULL && self->servers != NULL && i < g_list_model_get_n_items (self->servers); i++)
    {
      g_autoptr(AstrixConnection) connection = g_list_model_get_item (self->servers, i);
      const char *uri = astrix_server_config_get_recordings_uri (astrix_connection_get_config (connection));
      g_autoptr(GFile) root = uri != NULL ? g_file_new_for_commandline_arg (uri) : NULL;

      if (root != NULL && g_file_has_prefix (file, root))
        return connection;
    }
  return self->connection;
}

/**
 * astrix_recordings_page_play_on_phone:
 * @recording: a recording's URI, its path on this desktop, the path the PBX sees (with or
 *   without extension) or its path inside the recordings folder
 *
 * Rings the supervisor's phone (the server's endpoint) and plays the recording there. A
 * playback on the phone that was going on is hung up. Returns: %FALSE with a sentence in
 * @error when nothing could be sent (a name refused, outside the folder, not connected, no
 * phone set); later failures come as the state of astrix_recordings_page_get_phone_playback()
 */
gboolean
astrix_recordings_page_play_on_phone (AstrixRecordingsPage  *self,
                                      const char            *recording,
                                      GError               **error)
{
  AstrixConnection *connection;
  AstrixRecording *found;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (ASTRIX_IS_RECORDINGS_PAGE (self), FALSE);

  connection = recording != NULL ? connection_for (self, recording) : NULL;
  if (connection == NULL)
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_NOT_CONNECTED,
                           _("No server is set up to play recordings from."));
      return FALSE;
    }
  if (connection != self->connection)
    show_connection (self, connection);
  found = find_recording (self, recording);
  if (found != NULL && !astrix_recording_check_inside (found, error))
    return FALSE;
  uri = found != NULL ? astrix_recording_dup_uri (found) : g_strdup (recording);
  /* The owner of the phone plays it (ending what runs there); on_playback_started shows it */
  return astrix_monitor_play (self->owner, connection, uri,
                              found != NULL ? astrix_recording_get_duration (found) : -1,
                              error) != NULL;
}

/**
 * astrix_recordings_page_playback_control:
 * @command: pause, forward, reverse, restart or stop
 *
 * Controls the playback on the phone; without one, the playback here (forward and reverse
 * then skip 10 s). Returns: %FALSE with a sentence in @error when nothing plays or the
 * command is not one of those
 */
gboolean
astrix_recordings_page_playback_control (AstrixRecordingsPage  *self,
                                         const char            *command,
                                         GError               **error)
{
  AstrixPlaybackControl control;
  AstrixPlayerState state = astrix_local_player_get_state (self->player);

  g_return_val_if_fail (ASTRIX_IS_RECORDINGS_PAGE (self), FALSE);

  if (!astrix_playback_control_from_string (command, &control))
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a playback control: use pause, forward, reverse, restart or stop."),
                   command);
      return FALSE;
    }
  if (astrix_monitor_is_playing (self->owner))
    return astrix_monitor_playback_control (self->owner, control, error);
  if (state == ASTRIX_PLAYER_EMPTY || state == ASTRIX_PLAYER_ERROR)
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT, _("Nothing is playing."));
      return FALSE;
    }
  switch (control)
    {
    case ASTRIX_PLAYBACK_CONTROL_PAUSE:
      astrix_local_player_toggle (self->player);
      break;
    case ASTRIX_PLAYBACK_CONTROL_FORWARD:
      astrix_local_player_skip (self->player, SKIP_MS);
      break;
    case ASTRIX_PLAYBACK_CONTROL_REVERSE:
      astrix_local_player_skip (self->player, -SKIP_MS);
      break;
    case ASTRIX_PLAYBACK_CONTROL_RESTART:
      astrix_local_player_restart (self->player);
      break;
    case ASTRIX_PLAYBACK_CONTROL_STOP:
    default:
      astrix_local_player_close (self->player);
      break;
    }
  return TRUE;
}

/**
 * astrix_recordings_page_play_locally:
 * @recording: as for astrix_recordings_page_play_on_phone(); %NULL for the selected one
 *
 * Plays a recording of the folder shown on this computer.
 */
gboolean
astrix_recordings_page_play_locally (AstrixRecordingsPage  *self,
                                     const char            *recording,
                                     GError               **error)
{
  AstrixRecording *found;

  g_return_val_if_fail (ASTRIX_IS_RECORDINGS_PAGE (self), FALSE);

  found = recording != NULL ? find_recording (self, recording) : selected_recording (self);
  if (found == NULL)
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_FILE_NOT_FOUND,
                           _("That recording is not in the recordings folder."));
      return FALSE;
    }
  return play_recording (self, found, error);
}

/* Actions */

static void
update_actions (AstrixRecordingsPage *self)
{
  AstrixPlayerState state = astrix_local_player_get_state (self->player);
  gboolean open = state == ASTRIX_PLAYER_PAUSED || state == ASTRIX_PLAYER_PLAYING ||
                  state == ASTRIX_PLAYER_ENDED || state == ASTRIX_PLAYER_LOADING;
  gboolean selected = selected_recording (self) != NULL;
  gboolean phone = self->phone != NULL && astrix_phone_playback_is_running (self->phone);
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "recordings.play", open || selected);
  gtk_widget_action_set_enabled (widget, "recordings.open", selected);
  gtk_widget_action_set_enabled (widget, "recordings.seek-backward", open);
  gtk_widget_action_set_enabled (widget, "recordings.seek-forward", open);
  gtk_widget_action_set_enabled (widget, "recordings.restart", open);
  gtk_widget_action_set_enabled (widget, "recordings.stop", open);
  gtk_widget_action_set_enabled (widget, "recordings.play-on-phone", selected && self->connection != NULL);
  gtk_widget_action_set_enabled (widget, "recordings.phone-pause", phone);
  gtk_widget_action_set_enabled (widget, "recordings.phone-forward", phone);
  gtk_widget_action_set_enabled (widget, "recordings.phone-reverse", phone);
  gtk_widget_action_set_enabled (widget, "recordings.phone-restart", phone);
  gtk_widget_action_set_enabled (widget, "recordings.phone-stop", phone);
  gtk_widget_action_set_enabled (widget, "recordings.refresh", self->store != NULL);
}

static void
play_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (widget);
  AstrixRecording *recording = selected_recording (self);
  AstrixPlayerState state = astrix_local_player_get_state (self->player);

  /* Space on another row than the one playing starts that one. */
  if (recording != NULL && (recording != self->playing || state == ASTRIX_PLAYER_EMPTY ||
                            state == ASTRIX_PLAYER_ERROR))
    play_selected (self);
  else
    astrix_local_player_toggle (self->player);
}

static void
open_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  play_selected (ASTRIX_RECORDINGS_PAGE (widget));
}

static void
skip_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (widget);

  astrix_local_player_skip (self->player, g_str_has_suffix (name, "forward") ? SKIP_MS : -SKIP_MS);
}

static void
restart_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  astrix_local_player_restart (ASTRIX_RECORDINGS_PAGE (widget)->player);
}

static void
stop_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  astrix_local_player_close (ASTRIX_RECORDINGS_PAGE (widget)->player);
}

static void
speed_action (GtkWidget  *widget,
              const char *name,
              GVariant   *parameter)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (widget);
  guint selected = gtk_drop_down_get_selected (self->speed_dropdown);

  if (g_str_has_suffix (name, "faster") && selected + 1 < G_N_ELEMENTS (speeds))
    gtk_drop_down_set_selected (self->speed_dropdown, selected + 1);
  else if (g_str_has_suffix (name, "slower") && selected > 0)
    gtk_drop_down_set_selected (self->speed_dropdown, selected - 1);
}

static void
play_on_phone_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *parameter)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (widget);
  AstrixRecording *recording = selected_recording (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  if (recording == NULL)
    return;
  uri = astrix_recording_dup_uri (recording);
  if (!astrix_recordings_page_play_on_phone (self, uri, &error))
    toast (self, error->message);
}

static void
phone_control_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *parameter)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  AstrixPlaybackControl control;

  if (self->phone == NULL ||
      !astrix_playback_control_from_string (name + strlen ("recordings.phone-"), &control))
    return;
  if (!astrix_phone_playback_control (self->phone, control, &error))
    toast (self, error->message);
}

static void
search_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  astrix_recordings_page_focus_search (ASTRIX_RECORDINGS_PAGE (widget));
}

static void
refresh_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (widget);

  if (self->store != NULL)
    astrix_recording_store_refresh (self->store);
}

/* Keys */

static const struct
{
  guint            keyval;
  GdkModifierType  modifiers;
  const char      *action;
} shortcuts[] = {
  { GDK_KEY_space, 0, "recordings.play" },
  { GDK_KEY_Return, 0, "recordings.open" },
  { GDK_KEY_KP_Enter, 0, "recordings.open" },
  { GDK_KEY_Left, 0, "recordings.seek-backward" },
  { GDK_KEY_Right, 0, "recordings.seek-forward" },
  { GDK_KEY_Home, 0, "recordings.restart" },
  { GDK_KEY_End, 0, "recordings.stop" },
  { GDK_KEY_bracketleft, 0, "recordings.slower" },
  { GDK_KEY_bracketright, 0, "recordings.faster" },
  { GDK_KEY_Return, GDK_CONTROL_MASK, "recordings.play-on-phone" },
  { GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "recordings.play-on-phone" },
  { GDK_KEY_space, GDK_CONTROL_MASK, "recordings.phone-pause" },
  { GDK_KEY_Left, GDK_CONTROL_MASK, "recordings.phone-reverse" },
  { GDK_KEY_Right, GDK_CONTROL_MASK, "recordings.phone-forward" },
  { GDK_KEY_Home, GDK_CONTROL_MASK, "recordings.phone-restart" },
  { GDK_KEY_End, GDK_CONTROL_MASK, "recordings.phone-stop" },
  { GDK_KEY_f, GDK_CONTROL_MASK, "recordings.search" },
  { GDK_KEY_F5, 0, "recordings.refresh" },
};

/*
 * The table takes Space, Return and the arrows for its rows, and would see them first: while
 * the focus is in the table, the page takes the keys of its shortcuts before it. Up and Down
 * still move between rows.
 */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                AstrixRecordingsPage  *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  GdkModifierType modifiers = state & gtk_accelerator_get_default_mod_mask ();

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      if (shortcuts[i].keyval == keyval && shortcuts[i].modifiers == modifiers)
        return gtk_widget_activate_action (GTK_WIDGET (self), shortcuts[i].action, NULL);
    }
  return FALSE;
}

/**
 * astrix_recordings_page_focus_search:
 *
 * Puts the keyboard in the search entry (Ctrl+F).
 */
void
astrix_recordings_page_focus_search (AstrixRecordingsPage *self)
{
  g_return_if_fail (ASTRIX_IS_RECORDINGS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Life cycle */

static void
astrix_recordings_page_dispose (GObject *object)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (object);

  if (self->servers != NULL)
    g_signal_handlers_disconnect_by_data (self->servers, self);
  if (self->player != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      astrix_local_player_close (self->player);
    }
  if (self->phone != NULL)
    g_signal_handlers_disconnect_by_data (self->phone, self);
  g_clear_handle_id (&self->phone_hide_id, g_source_remove);
  g_clear_handle_id (&self->phone_seek_id, g_source_remove);
  g_clear_handle_id (&self->folders_id, g_source_remove);
  show_connection (self, NULL);
  g_clear_object (&self->servers);
  g_clear_object (&self->phone);
  g_clear_object (&self->owner);
  g_clear_object (&self->playing);
  g_clear_object (&self->player);
  g_clear_pointer (&self->stores, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASTRIX_TYPE_RECORDINGS_PAGE);

  G_OBJECT_CLASS (astrix_recordings_page_parent_class)->dispose (object);
}

static void
astrix_recordings_page_finalize (GObject *object)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (object);

  g_strfreev (self->words);
  g_free (self->folder);
  g_free (self->phone_title);

  G_OBJECT_CLASS (astrix_recordings_page_parent_class)->finalize (object);
}

static void
astrix_recordings_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_PHONE_PLAYBACK:
      g_value_set_object (value, self->phone);
      break;
    case PROP_LOCAL_PLAYER:
      g_value_set_object (value, self->player);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  static const char *phone_controls[] = { "pause", "forward", "reverse", "restart", "stop" };

  gtk_widget_class_install_action (widget_class, "recordings.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "recordings.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "recordings.seek-backward", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "recordings.seek-forward", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "recordings.restart", NULL, restart_action);
  gtk_widget_class_install_action (widget_class, "recordings.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "recordings.slower", NULL, speed_action);
  gtk_widget_class_install_action (widget_class, "recordings.faster", NULL, speed_action);
  gtk_widget_class_install_action (widget_class, "recordings.play-on-phone", NULL,
                                   play_on_phone_action);
  for (guint i = 0; i < G_N_ELEMENTS (phone_controls); i++)
    {
      g_autofree char *action = g_strconcat ("recordings.phone-", phone_controls[i], NULL);

      gtk_widget_class_install_action (widget_class, action, NULL, phone_control_action);
    }
  gtk_widget_class_install_action (widget_class, "recordings.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "recordings.refresh", NULL, refresh_action);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_widget_class_add_binding_action (widget_class, shortcuts[i].keyval,
                                         shortcuts[i].modifiers, shortcuts[i].action, NULL);
}

static void
astrix_recordings_page_class_init (AstrixRecordingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = astrix_recordings_page_dispose;
  object_class->finalize = astrix_recordings_page_finalize;
  object_class->get_property = astrix_recordings_page_get_property;

  properties[PROP_PHONE_PLAYBACK] =
    g_param_spec_object ("phone-playback", NULL, NULL, ASTRIX_TYPE_PHONE_PLAYBACK,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCAL_PLAYER] =
    g_param_spec_object ("local-player", NULL, NULL, ASTRIX_TYPE_LOCAL_PLAYER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AstrixRecordingsPage::toast:
   * @text: a sentence for the supervisor
   *
   * Something to tell in the window (a refusal, a failure): the window shows it as a toast.
   */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * AstrixRecordingsPage::phone-playback-started:
   * @playback: the playback on the phone, just started (its state tells what follows)
   * @config: the server it plays on
   *
   * For the audit log and the notifications: every playback on the phone starts here.
   */
  signals[PHONE_PLAYBACK_STARTED] =
    g_signal_new ("phone-playback-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, ASTRIX_TYPE_PHONE_PLAYBACK,
                  ASTRIX_TYPE_SERVER_CONFIG);

  /**
   * AstrixRecordingsPage::local-playback-started:
   * @player: the player of this desktop, with the recording just opened (its #AstrixLocalPlayer:ended
   *   and #AstrixLocalPlayer:end-reason tell when and how the listening ends)
   * @config: (nullable): the server whose recordings folder it comes from
   * @recording: the recording
   *
   * For the audit log: every playback on this desktop starts here.
   */
  signals[LOCAL_PLAYBACK_STARTED] =
    g_signal_new ("local-playback-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, ASTRIX_TYPE_LOCAL_PLAYER,
                  ASTRIX_TYPE_SERVER_CONFIG, ASTRIX_TYPE_RECORDING);

  g_type_ensure (ASTRIX_TYPE_RECORDING);
  g_type_ensure (ASTRIX_TYPE_FILTER_MODEL);
  g_type_ensure (ASTRIX_TYPE_ROW_MODEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/astrix/Assist/astrix-recordings-page.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, AstrixRecordingsPage, name)
  CHILD (server_dropdown);
  CHILD (search_entry);
  CHILD (date_dropdown);
  CHILD (from_button);
  CHILD (to_button);
  CHILD (from_calendar);
  CHILD (to_calendar);
  CHILD (folder_dropdown);
  CHILD (count_label);
  CHILD (problem_revealer);
  CHILD (problem_label);
  CHILD (content_stack);
  CHILD (column_view);
  CHILD (selection);
  CHILD (filter_model);
  CHILD (row_model);
  CHILD (sort_model);
  CHILD (date_column);
  CHILD (duration_column);
  CHILD (size_column);
  CHILD (folder_column);
  CHILD (name_column);
  CHILD (uniqueid_column);
  CHILD (caller_column);
  CHILD (empty_page);
  CHILD (phone_revealer);
  CHILD (phone_label);
  CHILD (phone_position_label);
  CHILD (phone_scale);
  CHILD (phone_adjustment);
  CHILD (phone_pause_button);
  CHILD (player_title);
  CHILD (play_button);
  CHILD (position_label);
  CHILD (duration_label);
  CHILD (seek_scale);
  CHILD (seek_adjustment);
  CHILD (speed_dropdown);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_date_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_folder_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_seek_change_value);
  gtk_widget_class_bind_template_callback (widget_class, on_phone_scale_change_value);
  gtk_widget_class_bind_template_callback (widget_class, on_speed_changed);
  install_actions (widget_class);
}

static void
set_up_filters (AstrixRecordingsPage *self)
{
  astrix_filter_model_set_key_func (self->filter_model, search_key);
  astrix_row_model_set_pace_widget (self->row_model, GTK_WIDGET (self->column_view));
  g_signal_connect_swapped (self->filter_model, "items-changed", G_CALLBACK (update_content), self);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (update_actions),
                            self);
}

static void
astrix_recordings_page_init (AstrixRecordingsPage *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GDateTime) week_ago = g_date_time_add_days (today, -6);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->stores = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  self->folders = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->folder_dropdown, G_LIST_MODEL (self->folders));
  g_object_unref (self->folders);
  set_up_columns (self);
  set_up_filters (self);
  gtk_calendar_select_day (self->from_calendar, week_ago);
  gtk_calendar_select_day (self->to_calendar, today);
  update_calendar_labels (self);
  g_signal_connect_swapped (self->server_dropdown, "notify::selected",
                            G_CALLBACK (on_server_selected), self);

  /* The application's owner of the phone's call; a page on its own (tests) has its own */
  if (ASTRIX_IS_APPLICATION (g_application_get_default ()))
    self->owner = g_object_ref (astrix_application_get_monitor (
                                  ASTRIX_APPLICATION (g_application_get_default ())));
  else
    self->owner = astrix_monitor_new ();
  g_signal_connect_object (self->owner, "playback-started", G_CALLBACK (on_playback_started),
                           self, G_CONNECT_SWAPPED);

  self->player = astrix_local_player_new ();
  g_signal_connect_swapped (self->player, "notify::state", G_CALLBACK (on_player_state), self);
  g_signal_connect_swapped (self->player, "notify::position", G_CALLBACK (update_player), self);
  g_signal_connect_swapped (self->player, "notify::duration", G_CALLBACK (update_player), self);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  update_content (self);
  update_player (self);
}

GtkWidget *
astrix_recordings_page_new (void)
{
  return g_object_new (ASTRIX_TYPE_RECORDINGS_PAGE, NULL);
}

/* Returns: (transfer none): the player of this desktop (one recording at a time) */
AstrixLocalPlayer *
astrix_recordings_page_get_local_player (AstrixRecordingsPage *self)
{
  return self->player;
}

/* Returns: (transfer none) (nullable): the latest playback on the phone, running or over */
AstrixPhonePlayback *
astrix_recordings_page_get_phone_playback (AstrixRecordingsPage *self)
{
  return self->phone;
}

/* Returns: (transfer none) (nullable): the recordings of the server shown */
AstrixRecordingStore *
astrix_recordings_page_get_store (AstrixRecordingsPage *self)
{
  return self->store;
}

GtkColumnView *
astrix_recordings_page_get_column_view (AstrixRecordingsPage *self)
{
  return self->column_view;
}
