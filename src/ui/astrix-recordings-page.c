/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-recordings"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "astrix-application.h"
#include "astrix-recordings-page-private.h"

/*
 * The recordings of a server: a table (date, duration, size, folder, name, uniqueid, caller)
 * sortable by any column, searched as you type, narrowed to a date range or a folder; under
 * it the bar of the playback on the supervisor's phone (AstrixPhoneBar) and the player of
 * this desktop (AstrixPlayerBar). Its cells are in -cells.c, what it does (playing, the
 * actions and their keys) in -actions.c.
 *
 * Models: the server's AstrixRecordingStore -> GtkSortListModel (the column view's sorter)
 * -> AstrixFilterModel (search, dates, folder) -> GtkSingleSelection. Filtering the sorted
 * list, not sorting the filtered one: a keystroke in a folder of 100,000 recordings then
 * costs one pass of the filter, not a sort as well; and AstrixFilterModel rather than GTK's
 * makes that pass, and the table's update after it, a few milliseconds (bench-recordings).
 */

typedef enum
{
  DATE_ANY,
  DATE_TODAY,
  DATE_YESTERDAY,
  DATE_WEEK,
  DATE_MONTH,
  DATE_BETWEEN,
} DateRange;

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

static void update_content (AstrixRecordingsPage *self);

void
_astrix_recordings_page_toast (AstrixRecordingsPage *self,
                               const char           *text)
{
  g_signal_emit (self, signals[TOAST], 0, text);
}

static void
on_bar_toast (AstrixRecordingsPage *self,
              const char           *text)
{
  _astrix_recordings_page_toast (self, text);
}

void
_astrix_recordings_page_phone_started (AstrixRecordingsPage *self,
                                       AstrixPhonePlayback  *phone,
                                       AstrixServerConfig   *config)
{
  g_signal_emit (self, signals[PHONE_PLAYBACK_STARTED], 0, phone, config);
}

void
_astrix_recordings_page_local_started (AstrixRecordingsPage *self,
                                       AstrixRecording      *recording)
{
  g_signal_emit (self, signals[LOCAL_PLAYBACK_STARTED], 0, self->player,
                 self->connection != NULL ? astrix_connection_get_config (self->connection) : NULL,
                 recording);
}

void
_astrix_recordings_page_notify_phone (AstrixRecordingsPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE_PLAYBACK]);
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
  AstrixServerConfig *config = self->connection ? astrix_connection_get_config (self->connection)
                                                : NULL;
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
  _astrix_recordings_page_update_actions (self);
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
      store = astrix_recording_store_new_for_uri (
        uri, astrix_server_config_get_pbx_recordings_path (config));
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

void
_astrix_recordings_page_show_connection (AstrixRecordingsPage *self,
                                         AstrixConnection     *connection)
{
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_func (astrix_connection_get_config (self->connection),
                                          on_folder_setting, self);
  g_set_object (&self->connection, connection);
  if (connection != NULL)
    {
      AstrixServerConfig *config = astrix_connection_get_config (connection);

      g_signal_connect_object (config, "notify::recordings-uri", G_CALLBACK (on_folder_setting),
                               self, 0);
      g_signal_connect_object (config, "notify::pbx-recordings-path",
                               G_CALLBACK (on_folder_setting), self, 0);
    }
  set_store (self, connection != NULL ? store_for (self, connection) : NULL);
}

static void
on_server_selected (AstrixRecordingsPage *self)
{
  AstrixConnection *connection = gtk_drop_down_get_selected_item (self->server_dropdown);

  _astrix_recordings_page_show_connection (self, connection);
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
      g_signal_connect_swapped (connections, "items-changed", G_CALLBACK (on_servers_changed),
                                self);
      on_servers_changed (self);
    }
  else
    _astrix_recordings_page_show_connection (self, NULL);
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
  g_clear_handle_id (&self->folders_id, g_source_remove);
  _astrix_recordings_page_show_connection (self, NULL);
  g_clear_object (&self->servers);
  g_clear_object (&self->phone);
  g_clear_object (&self->owner);
  if (self->selected_signals != NULL)
    g_signal_group_set_target (self->selected_signals, NULL);
  g_clear_object (&self->selected_signals);
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
  g_free (self->phone_live_title);

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
   * @player: the player of this desktop, with the recording just opened (its
   *   #AstrixLocalPlayer:ended and #AstrixLocalPlayer:end-reason tell when and how the listening
   *   ends)
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
  g_type_ensure (ASTRIX_TYPE_PHONE_BAR);
  g_type_ensure (ASTRIX_TYPE_PLAYER_BAR);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/astrix/Assist/astrix-recordings-page.ui");
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
  CHILD (phone_bar);
  CHILD (player_bar);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_date_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_folder_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_bar_toast);
  _astrix_recordings_page_class_actions (widget_class);
}

static void
set_up_filters (AstrixRecordingsPage *self)
{
  astrix_filter_model_set_key_func (self->filter_model, search_key);
  astrix_row_model_set_pace_widget (self->row_model, GTK_WIDGET (self->column_view));
  g_signal_connect_swapped (self->filter_model, "items-changed", G_CALLBACK (update_content), self);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (_astrix_recordings_page_update_actions), self);
}

static void
astrix_recordings_page_init (AstrixRecordingsPage *self)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GDateTime) week_ago = g_date_time_add_days (today, -6);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->stores = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  self->folders = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->folder_dropdown, G_LIST_MODEL (self->folders));
  g_object_unref (self->folders);
  _astrix_recordings_page_set_up_columns (self);
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
  g_signal_connect_object (self->owner, "playback-started",
                           G_CALLBACK (_astrix_recordings_page_on_playback_started),
                           self, G_CONNECT_SWAPPED);

  _astrix_recordings_page_init_actions (self);
  update_content (self);
  _astrix_recordings_page_update_actions (self);
}

GtkWidget *
astrix_recordings_page_new (void)
{
  return g_object_new (ASTRIX_TYPE_RECORDINGS_PAGE, NULL);
}

/* Returns: (transfer none): the player of this desktop (one recording at a time) */
AstrixLocalPlayer *
_astrix_recordings_page_get_local_player (AstrixRecordingsPage *self)
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
_astrix_recordings_page_get_store (AstrixRecordingsPage *self)
{
  return self->store;
}

GtkColumnView *
astrix_recordings_page_get_column_view (AstrixRecordingsPage *self)
{
  return self->column_view;
}
