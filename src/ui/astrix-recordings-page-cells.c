/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-recordings"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "astrix-cell.h"
#include "astrix-recordings-page-private.h"

/*
 * The cells of the recordings table: one AstrixCell each, following the one property it
 * shows while bound. Durations are read only for the rows on screen: a duration cell asks
 * the store when it is drawn, and takes the request back when it is unbound.
 */

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
      /* Not a colour alone: the words say it */
      if (astrix_recording_get_live_channel (recording) != NULL)
        return g_strdup (_("● Live"));
      if (astrix_recording_get_duration (recording) >= 0)
        return astrix_format_position (astrix_recording_get_duration (recording));
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
  if (!cell->duration_asked &&
      astrix_recording_get_status (cell->recording) == ASTRIX_RECORDING_STATUS_UNKNOWN &&
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
  if (cell->recording != NULL && cell->kind->column == COLUMN_DURATION &&
      has_problem (cell->recording))
    {
      gtk_widget_set_tooltip_text (widget, astrix_recording_get_problem (cell->recording));
      return;
    }
  if (cell->recording != NULL && cell->kind->column == COLUMN_DURATION &&
      astrix_recording_get_live_channel (cell->recording) != NULL)
    {
      gtk_widget_set_tooltip_text (widget, _("The call is still going on: the PBX can play this "
                                             "recording once it ends. Ctrl+1 listens to the call "
                                             "live."));
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

  /* The file changed (a recording that was still being made has its header now): it is
   * read again, and the request made for it before was used up. */
  if (cell->duration_asked && strcmp (pspec->name, "status") == 0 &&
      astrix_recording_get_status (cell->recording) == ASTRIX_RECORDING_STATUS_UNKNOWN)
    cell->duration_asked = FALSE;

  if ((property != NULL && strcmp (pspec->name, property) == 0) ||
      (cell->kind->column == COLUMN_DURATION && (strcmp (pspec->name, "status") == 0 ||
                                                  strcmp (pspec->name, "live-channel") == 0)))
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

/* Lets go of the row and the recording the cell shows (unbound, or its widget gone). */
static void
cell_detach (Cell *cell)
{
  detach_recording (cell);
  if (cell->row != NULL)
    {
      g_clear_signal_handler (&cell->row_handler, cell->row);
      g_clear_signal_handler (&cell->notify_handler, cell->row);
    }
  cell->row = NULL;
}

static void
cell_free (gpointer data)
{
  cell_detach (data);
  g_free (data);
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
  cell->notify_handler = g_signal_connect (cell->row, "item-notify",
                                           G_CALLBACK (on_recording_notify), cell);
  attach_recording (cell, astrix_row_get_item (cell->row));
}

static void
cell_unbind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CellKind                 *kind)
{
  cell_detach (cell_of (item));
}

static GtkListItemFactory *
cell_factory_new (AstrixRecordingsPage *self,
                  Column                column)
{
  CellKind *kind = g_new0 (CellKind, 1);
  GtkListItemFactory *factory = astrix_cell_factory_new (G_CALLBACK (cell_setup),
                                                         G_CALLBACK (cell_bind),
                                                         G_CALLBACK (cell_unbind), kind);

  kind->page = self;
  kind->column = column;
  g_object_set_data_full (G_OBJECT (factory), "astrix-kind", kind, g_free);
  return factory;
}

void
_astrix_recordings_page_set_up_columns (AstrixRecordingsPage *self)
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
