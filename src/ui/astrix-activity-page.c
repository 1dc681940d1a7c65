/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-activity-page.h"
#include "astrix-activity-page-private.h"
#include "astrix-cell.h"
#include "astrix-column-fit.h"

/*
 * "Activity": the audit log, newest first — who monitored which call, when, in which modes,
 * for how long, and how it ended; playbacks too. Typing searches (every word must match).
 * A page for an AdwViewStack; it shows an AstrixAuditLog, which the application loads.
 */

struct _AstrixActivityPage
{
  AdwBin               parent_instance;

  GtkSearchEntry      *search_entry;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  GtkFilterListModel  *filter_model;
  AdwStatusPage       *empty_page;
  GtkColumnViewColumn *when_column;
  GtkColumnViewColumn *activity_column;
  GtkColumnViewColumn *target_column;
  GtkColumnViewColumn *caller_column;
  GtkColumnViewColumn *server_column;
  GtkColumnViewColumn *user_column;
  GtkColumnViewColumn *duration_column;
  GtkColumnViewColumn *outcome_column;

  AstrixAuditLog      *log;
  GtkCustomFilter     *filter;
  char                *query;
  AstrixColumnWidth    widths[8];   /* the columns' widths in the .ui, and which expand */
  int                  table_width; /* the view's width the column widths were made for */
  guint                widths_source;
};

enum {
  PROP_0,
  PROP_LOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixActivityPage, astrix_activity_page, ADW_TYPE_BIN)

/* Cells: a label with one string property of the entry, following its changes. */

static void
show_property (GtkLabel   *label,
               GObject    *entry,
               const char *property)
{
  g_autofree char *text = NULL;

  g_object_get (entry, property, &text, NULL);
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text != NULL && text[0] != '\0' ? text : NULL);
}

static void
on_entry_notify (GObject    *entry,
                 GParamSpec *pspec,
                 GtkLabel   *label)
{
  show_property (label, entry, pspec->name);
}

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            const char               *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GObject *entry = gtk_list_item_get_item (item);
  const char *property = g_object_get_data (G_OBJECT (factory), "astrix-property");
  g_autofree char *signal = g_strconcat ("notify::", property, NULL);
  gulong handler;

  show_property (GTK_LABEL (label), entry, property);
  handler = g_signal_connect_object (entry, signal, G_CALLBACK (on_entry_notify), label, 0);
  g_object_set_data (G_OBJECT (label), "astrix-handler", GSIZE_TO_POINTER (handler));
}

static void
cell_unbind (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GObject *entry = gtk_list_item_get_item (item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (label), "astrix-handler"));

  if (handler != 0 && entry != NULL)
    g_signal_handler_disconnect (entry, handler);
  g_object_set_data (G_OBJECT (label), "astrix-handler", NULL);
}

static void
set_cells (GtkColumnViewColumn *column,
           const char          *property,
           const char          *css_class)
{
  GtkListItemFactory *factory = astrix_cell_factory_new (G_CALLBACK (cell_setup),
                                                         G_CALLBACK (cell_bind),
                                                         G_CALLBACK (cell_unbind),
                                                         (gpointer) css_class);

  g_object_set_data_full (G_OBJECT (factory), "astrix-property", g_strdup (property), g_free);
  gtk_column_view_column_set_factory (column, factory);
  g_object_unref (factory);
}

/* What is shown: the list, or why there is none */

static void
update_stack (AstrixActivityPage *self)
{
  guint all = self->log != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->log)) : 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  if (all == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
update_empty_description (AstrixActivityPage *self)
{
  g_autofree char *text = NULL;

  if (self->log == NULL)
    {
      adw_status_page_set_description (self->empty_page, NULL);
      return;
    }
  text = g_strdup_printf (_("Every monitoring session and every playback is listed here, and "
                            "kept in %s."), astrix_audit_log_get_path (self->log));
  adw_status_page_set_description (self->empty_page, text);
}

static gboolean
entry_matches (gpointer item,
               gpointer data)
{
  AstrixActivityPage *self = data;

  return astrix_audit_entry_matches (ASTRIX_AUDIT_ENTRY (item), self->query);
}

/* @query: (nullable): words that every shown activity has */
static void
set_query (AstrixActivityPage *self,
           const char         *query)
{
  if (g_strcmp0 (self->query, query) == 0)
    return;
  g_free (self->query);
  self->query = g_strdup (query);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_stack (self);
}

static void
on_search_changed (AstrixActivityPage *self)
{
  set_query (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_stop_search (AstrixActivityPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  astrix_activity_page_focus_search (ASTRIX_ACTIVITY_PAGE (widget));
}

/* Column widths: those of the .ui, fitted to the page's width (see astrix_fit_columns()) */

static void
init_column_widths (AstrixActivityPage *self)
{
  GtkColumnViewColumn *columns[] = {
    self->when_column, self->activity_column, self->target_column, self->caller_column,
    self->duration_column, self->outcome_column, self->server_column, self->user_column,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (columns) == G_N_ELEMENTS (self->widths));
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      self->widths[i].column = columns[i];
      self->widths[i].width = gtk_column_view_column_get_fixed_width (columns[i]);
      self->widths[i].grows = gtk_column_view_column_get_expand (columns[i]);
    }
}

static void
update_column_widths (AstrixActivityPage *self)
{
  astrix_fit_columns (GTK_WIDGET (self), self->widths, G_N_ELEMENTS (self->widths),
                      self->table_width);
}

static gboolean
update_column_widths_idle (gpointer data)
{
  AstrixActivityPage *self = data;

  self->widths_source = 0;
  update_column_widths (self);
  return G_SOURCE_REMOVE;
}

/* The table's view changed width: its horizontal adjustment's page is the width on screen. */
static void
on_view_width (AstrixActivityPage *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->column_view));
  int width = (int) gtk_adjustment_get_page_size (adjustment);

  /* Not from within the allocation: setting a width queues a resize */
  if (width != self->table_width && self->widths_source == 0)
    {
      self->table_width = width;
      self->widths_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_column_widths_idle,
                                             self, NULL);
    }
}

/* The object */

static void
astrix_activity_page_dispose (GObject *object)
{
  AstrixActivityPage *self = ASTRIX_ACTIVITY_PAGE (object);

  g_clear_handle_id (&self->widths_source, g_source_remove);

  if (self->filter_model != NULL)
    gtk_filter_list_model_set_model (self->filter_model, NULL);
  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (astrix_activity_page_parent_class)->dispose (object);
}

static void
astrix_activity_page_finalize (GObject *object)
{
  AstrixActivityPage *self = ASTRIX_ACTIVITY_PAGE (object);

  g_clear_object (&self->filter);
  g_free (self->query);

  G_OBJECT_CLASS (astrix_activity_page_parent_class)->finalize (object);
}

static void
astrix_activity_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AstrixActivityPage *self = ASTRIX_ACTIVITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_activity_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AstrixActivityPage *self = ASTRIX_ACTIVITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOG:
      astrix_activity_page_set_log (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_activity_page_class_init (AstrixActivityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = astrix_activity_page_dispose;
  object_class->finalize = astrix_activity_page_finalize;
  object_class->get_property = astrix_activity_page_get_property;
  object_class->set_property = astrix_activity_page_set_property;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, ASTRIX_TYPE_AUDIT_LOG,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ASTRIX_TYPE_AUDIT_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/astrix/Assist/astrix-activity-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AstrixActivityPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AstrixActivityPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AstrixActivityPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, AstrixActivityPage, filter_model);
  gtk_widget_class_bind_template_child (widget_class, AstrixActivityPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, AstrixActivityPage, when_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixActivityPage, activity_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixActivityPage, target_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixActivityPage, caller_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixActivityPage, server_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixActivityPage, user_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixActivityPage, duration_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixActivityPage, outcome_column);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  /* Ctrl+F while the focus is on the page (the window's own Ctrl+F elsewhere) */
  gtk_widget_class_install_action (widget_class, "activity.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "activity.search", NULL);
}

static void
astrix_activity_page_init (AstrixActivityPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  set_cells (self->when_column, "when-text", "numeric");
  set_cells (self->activity_column, "activity-text", NULL);
  set_cells (self->target_column, "target", "monospace");
  set_cells (self->caller_column, "caller", NULL);
  set_cells (self->server_column, "server", NULL);
  set_cells (self->user_column, "local-user", NULL);
  set_cells (self->duration_column, "duration-text", "numeric");
  set_cells (self->outcome_column, "outcome-text", NULL);
  init_column_widths (self);
  update_column_widths (self);
  g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)), "notify::gtk-xft-dpi",
                           G_CALLBACK (update_column_widths), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->column_view)),
                           "notify::page-size", G_CALLBACK (on_view_width), self,
                           G_CONNECT_SWAPPED);

  self->filter = gtk_custom_filter_new (entry_matches, self, NULL);
  gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
  g_signal_connect_swapped (self->filter_model, "items-changed", G_CALLBACK (update_stack), self);
  /* Typing anywhere on the page searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  update_stack (self);
}

/**
 * astrix_activity_page_new:
 * @log: (nullable): the audit log to show
 */
GtkWidget *
astrix_activity_page_new (AstrixAuditLog *log)
{
  return g_object_new (ASTRIX_TYPE_ACTIVITY_PAGE, "log", log, NULL);
}

void
astrix_activity_page_set_log (AstrixActivityPage *self,
                              AstrixAuditLog     *log)
{
  g_return_if_fail (ASTRIX_IS_ACTIVITY_PAGE (self));
  g_return_if_fail (log == NULL || ASTRIX_IS_AUDIT_LOG (log));

  if (self->log == log)
    return;
  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  g_set_object (&self->log, log);
  if (log != NULL)
    g_signal_connect_swapped (log, "items-changed", G_CALLBACK (update_stack), self);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (log));
  update_empty_description (self);
  update_stack (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG]);
}

/* Returns: (transfer none): the activities shown (those the search leaves), in the order shown */
GListModel *
_astrix_activity_page_get_shown (AstrixActivityPage *self)
{
  g_return_val_if_fail (ASTRIX_IS_ACTIVITY_PAGE (self), NULL);

  return G_LIST_MODEL (gtk_column_view_get_model (self->column_view));
}

void
astrix_activity_page_focus_search (AstrixActivityPage *self)
{
  g_return_if_fail (ASTRIX_IS_ACTIVITY_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
