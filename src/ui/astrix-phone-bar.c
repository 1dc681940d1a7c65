/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-phone-bar.h"
#include "astrix-phone-bar-private.h"
#include "astrix-player-bar.h"

/*
 * The bar over the player while a recording plays on the supervisor's phone: what plays and
 * how far, a slider to go on from elsewhere (the phone is called again from there: Asterisk
 * cannot jump within ControlPlayback), and the phone's controls (the recordings.phone-*
 * actions of the page it is in). It is given the playback it shows; it stays up a moment
 * after the playback ends, then slides away.
 */

#define LINGER_S      8
#define SEEK_DELAY_MS 500   /* a drag on the slider comes to rest */

struct _AstrixPhoneBar
{
  GtkWidget            parent_instance;

  GtkRevealer         *revealer;
  GtkLabel            *label;
  GtkLabel            *position_label;
  GtkScale            *scale;
  GtkAdjustment       *adjustment;
  GtkButton           *pause_button;

  AstrixPhonePlayback *playback;
  GSignalGroup        *playback_signals;
  char                *title;         /* the recording it plays, as the table names it */
  char                *status;        /* said instead of the playback's own state, or NULL */
  guint                hide_id;
  guint                seek_id;       /* a seek waits for the drag to end */
  gint64               seek_to;
};

enum {
  PROP_0,
  PROP_PLAYBACK,
  PROP_TITLE,
  N_PROPS
};

enum {
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AstrixPhoneBar, astrix_phone_bar, GTK_TYPE_WIDGET)

static void
update_position (AstrixPhoneBar *self)
{
  gint64 duration = astrix_phone_playback_get_duration (self->playback);
  gint64 position = astrix_phone_playback_get_position (self->playback);
  AstrixPlaybackState state = astrix_phone_playback_get_state (self->playback);
  g_autofree char *position_text = astrix_format_position (position);
  g_autofree char *duration_text = NULL;
  g_autofree char *text = NULL;

  if (duration >= 0)
    {
      duration_text = astrix_format_position (duration);
      text = g_strdup_printf ("%s / %s", position_text, duration_text);
    }
  gtk_label_set_label (self->position_label, text != NULL ? text : position_text);
  gtk_widget_set_visible (GTK_WIDGET (self->scale), duration > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale),
                            state == ASTRIX_PLAYBACK_PLAYING || state == ASTRIX_PLAYBACK_PAUSED);
  if (self->seek_id == 0 && duration > 0)
    {
      gtk_adjustment_set_upper (self->adjustment, (double) duration);
      gtk_adjustment_set_value (self->adjustment, (double) position);
    }
}

static void
update (AstrixPhoneBar *self)
{
  g_autofree char *text = NULL;
  gboolean paused;

  if (self->playback == NULL)
    {
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }
  text = g_strdup_printf ("%s — %s",
                          self->status != NULL
                            ? self->status : astrix_phone_playback_describe_state (self->playback),
                          self->title != NULL ? self->title : "");
  gtk_label_set_label (self->label, text);
  update_position (self);
  paused = astrix_phone_playback_get_state (self->playback) == ASTRIX_PLAYBACK_PAUSED;
  gtk_button_set_icon_name (self->pause_button, paused ? "media-playback-start-symbolic"
                                                       : "media-playback-pause-symbolic");
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

static gboolean
hide_cb (gpointer data)
{
  AstrixPhoneBar *self = data;

  self->hide_id = 0;
  if (self->playback != NULL && !astrix_phone_playback_is_running (self->playback))
    gtk_revealer_set_reveal_child (self->revealer, FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_state (AstrixPhoneBar *self)
{
  update (self);
  if (astrix_phone_playback_is_running (self->playback))
    return;
  g_clear_handle_id (&self->hide_id, g_source_remove);
  self->hide_id = g_timeout_add_seconds (LINGER_S, hide_cb, self);
}

static gboolean
seek_cb (gpointer data)
{
  AstrixPhoneBar *self = data;
  g_autoptr(GError) error = NULL;

  self->seek_id = 0;
  if (self->playback != NULL && astrix_phone_playback_is_running (self->playback) &&
      !astrix_phone_playback_seek (self->playback, self->seek_to, &error))
    g_signal_emit (self, signals[TOAST], 0, error->message);
  return G_SOURCE_REMOVE;
}

/* Every move of the slider would dial again: only where it comes to rest counts. */
static gboolean
on_scale_change_value (AstrixPhoneBar *self,
                       GtkScrollType   scroll,
                       double          value)
{
  self->seek_to = (gint64) CLAMP (value, 0, gtk_adjustment_get_upper (self->adjustment));
  g_clear_handle_id (&self->seek_id, g_source_remove);
  self->seek_id = g_timeout_add (SEEK_DELAY_MS, seek_cb, self);
  return FALSE;
}

/**
 * astrix_phone_bar_set_playback:
 * @playback: (nullable): the playback on the phone to show; %NULL hides the bar
 *
 * The bar only shows and seeks: it does not hang up the playback it stops showing.
 */
void
astrix_phone_bar_set_playback (AstrixPhoneBar      *self,
                               AstrixPhonePlayback *playback)
{
  g_return_if_fail (ASTRIX_IS_PHONE_BAR (self));
  g_return_if_fail (playback == NULL || ASTRIX_IS_PHONE_PLAYBACK (playback));

  if (self->playback == playback)
    return;
  g_clear_handle_id (&self->hide_id, g_source_remove);
  g_clear_handle_id (&self->seek_id, g_source_remove);
  g_clear_pointer (&self->status, g_free);
  g_set_object (&self->playback, playback);
  g_signal_group_set_target (self->playback_signals, playback);
  if (playback != NULL && !astrix_phone_playback_is_running (playback))
    self->hide_id = g_timeout_add_seconds (LINGER_S, hide_cb, self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYBACK]);
}

/* Returns: (transfer none) (nullable) */
AstrixPhonePlayback *
_astrix_phone_bar_get_playback (AstrixPhoneBar *self)
{
  g_return_val_if_fail (ASTRIX_IS_PHONE_BAR (self), NULL);

  return self->playback;
}

/* @title: (nullable): what plays, as the supervisor knows it (the recording's path) */
void
astrix_phone_bar_set_title (AstrixPhoneBar *self,
                            const char     *title)
{
  g_return_if_fail (ASTRIX_IS_PHONE_BAR (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/*
 * @status: (nullable): what to say of the playback instead of its own state (the page knows
 *   better why it failed); %NULL: its own. A new playback starts without one.
 */
void
astrix_phone_bar_set_status (AstrixPhoneBar *self,
                             const char     *status)
{
  g_return_if_fail (ASTRIX_IS_PHONE_BAR (self));

  g_free (self->status);
  self->status = g_strdup (status);
  update (self);
}

static void
astrix_phone_bar_dispose (GObject *object)
{
  AstrixPhoneBar *self = ASTRIX_PHONE_BAR (object);

  g_clear_handle_id (&self->hide_id, g_source_remove);
  g_clear_handle_id (&self->seek_id, g_source_remove);
  if (self->playback_signals != NULL)
    g_signal_group_set_target (self->playback_signals, NULL);
  g_clear_object (&self->playback_signals);
  g_clear_object (&self->playback);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASTRIX_TYPE_PHONE_BAR);

  G_OBJECT_CLASS (astrix_phone_bar_parent_class)->dispose (object);
}

static void
astrix_phone_bar_finalize (GObject *object)
{
  g_free (ASTRIX_PHONE_BAR (object)->title);
  g_free (ASTRIX_PHONE_BAR (object)->status);

  G_OBJECT_CLASS (astrix_phone_bar_parent_class)->finalize (object);
}

static void
astrix_phone_bar_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AstrixPhoneBar *self = ASTRIX_PHONE_BAR (object);

  switch (prop_id)
    {
    case PROP_PLAYBACK:
      g_value_set_object (value, self->playback);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_phone_bar_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  AstrixPhoneBar *self = ASTRIX_PHONE_BAR (object);

  switch (prop_id)
    {
    case PROP_PLAYBACK:
      astrix_phone_bar_set_playback (self, g_value_get_object (value));
      break;
    case PROP_TITLE:
      astrix_phone_bar_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_phone_bar_class_init (AstrixPhoneBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = astrix_phone_bar_dispose;
  object_class->finalize = astrix_phone_bar_finalize;
  object_class->get_property = astrix_phone_bar_get_property;
  object_class->set_property = astrix_phone_bar_set_property;

  properties[PROP_PLAYBACK] =
    g_param_spec_object ("playback", NULL, NULL, ASTRIX_TYPE_PHONE_PLAYBACK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AstrixPhoneBar::toast:
   * @text: a sentence for the supervisor (a seek the phone refused)
   */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/astrix/Assist/astrix-phone-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, AstrixPhoneBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, AstrixPhoneBar, label);
  gtk_widget_class_bind_template_child (widget_class, AstrixPhoneBar, position_label);
  gtk_widget_class_bind_template_child (widget_class, AstrixPhoneBar, scale);
  gtk_widget_class_bind_template_child (widget_class, AstrixPhoneBar, adjustment);
  gtk_widget_class_bind_template_child (widget_class, AstrixPhoneBar, pause_button);
  gtk_widget_class_bind_template_callback (widget_class, on_scale_change_value);
}

static void
astrix_phone_bar_init (AstrixPhoneBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->playback_signals = g_signal_group_new (ASTRIX_TYPE_PHONE_PLAYBACK);
  g_signal_group_connect_swapped (self->playback_signals, "notify::state",
                                  G_CALLBACK (on_state), self);
  g_signal_group_connect_swapped (self->playback_signals, "notify::position",
                                  G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->playback_signals, "notify::duration",
                                  G_CALLBACK (update), self);
}
