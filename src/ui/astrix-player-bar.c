/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-player-bar.h"

/*
 * The player of this desktop at the foot of the recordings page: what is open (and why it
 * cannot play, if so), play / pause, ±10 s, start over, the position with a slider, the speed,
 * and the way to the phone. The buttons are the recordings.* actions of the page it is in;
 * the bar follows the player it is given.
 */

static const double speeds[] = { 0.75, 1.0, 1.25, 1.5, 2.0 };

struct _AstrixPlayerBar
{
  GtkWidget          parent_instance;

  GtkWidget         *box;
  GtkLabel          *title_label;
  GtkButton         *play_button;
  GtkLabel          *position_label;
  GtkLabel          *duration_label;
  GtkScale          *seek_scale;
  GtkAdjustment     *seek_adjustment;
  GtkDropDown       *speed_dropdown;
  GtkWidget         *live_button;

  AstrixLocalPlayer *player;
  GSignalGroup      *player_signals;
  char              *title;           /* the recording open, NULL before the first */
};

enum {
  PROP_0,
  PROP_PLAYER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixPlayerBar, astrix_player_bar, GTK_TYPE_WIDGET)

/* Returns: (transfer full): "1:02:03" or "2:03" */
char *
astrix_format_position (gint64 ms)
{
  gint64 s = MAX (ms, 0) / 1000;

  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}

static void
update (AstrixPlayerBar *self)
{
  AstrixPlayerState state;
  gint64 duration, position;
  g_autofree char *position_text = NULL;
  g_autofree char *duration_text = NULL;
  gboolean playing, open;

  if (self->player == NULL)
    return;
  state = astrix_local_player_get_state (self->player);
  duration = astrix_local_player_get_duration (self->player);
  position = astrix_local_player_get_position (self->player);
  position_text = astrix_format_position (position);
  duration_text = astrix_format_position (MAX (duration, 0));
  playing = state == ASTRIX_PLAYER_PLAYING;
  open = state == ASTRIX_PLAYER_PAUSED || playing || state == ASTRIX_PLAYER_ENDED;

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_label_set_label (self->position_label, position_text);
  gtk_label_set_label (self->duration_label, duration_text);
  gtk_adjustment_set_upper (self->seek_adjustment, MAX (duration, 1));
  gtk_adjustment_set_value (self->seek_adjustment, position);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seek_scale), open && duration > 0);
}

/* Before the first recording the title is a hint; then the recording, and what went wrong. */
static void
update_title (AstrixPlayerBar *self)
{
  const char *error;
  g_autofree char *text = NULL;

  if (self->title == NULL || self->player == NULL)
    return;
  error = astrix_local_player_get_error_message (self->player);
  if (error != NULL)
    text = g_strdup_printf ("%s — %s", self->title, error);
  gtk_label_set_label (self->title_label, text != NULL ? text : self->title);
  gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "dim-label");
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "error");
}

static void
on_state (AstrixPlayerBar *self)
{
  update_title (self);
  update (self);
}

static gboolean
on_seek_change_value (AstrixPlayerBar *self,
                      GtkScrollType    scroll,
                      double           value)
{
  astrix_local_player_seek (self->player, (gint64) value);
  return FALSE;
}

static void
on_speed_changed (AstrixPlayerBar *self)
{
  guint selected = gtk_drop_down_get_selected (self->speed_dropdown);

  if (self->player != NULL && selected < G_N_ELEMENTS (speeds))
    astrix_local_player_set_rate (self->player, speeds[selected]);
}

void
astrix_player_bar_set_player (AstrixPlayerBar   *self,
                              AstrixLocalPlayer *player)
{
  g_return_if_fail (ASTRIX_IS_PLAYER_BAR (self));
  g_return_if_fail (ASTRIX_IS_LOCAL_PLAYER (player));

  if (self->player == player)
    return;
  g_set_object (&self->player, player);
  g_signal_group_set_target (self->player_signals, player);
  update_title (self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);
}

/* @title: the recording just opened, as the table names it */
void
astrix_player_bar_set_title (AstrixPlayerBar *self,
                             const char      *title)
{
  g_return_if_fail (ASTRIX_IS_PLAYER_BAR (self));

  g_free (self->title);
  self->title = g_strdup (title);
  update_title (self);
}

/* One step slower (negative) or faster on the speed list, as [ and ] do */
void
astrix_player_bar_change_speed (AstrixPlayerBar *self,
                                int              steps)
{
  guint selected;

  g_return_if_fail (ASTRIX_IS_PLAYER_BAR (self));

  selected = gtk_drop_down_get_selected (self->speed_dropdown);
  if (steps > 0 && selected + 1 < G_N_ELEMENTS (speeds))
    gtk_drop_down_set_selected (self->speed_dropdown, selected + 1);
  else if (steps < 0 && selected > 0)
    gtk_drop_down_set_selected (self->speed_dropdown, selected - 1);
}

/* Offers listening live instead (recordings.listen-live): the recording selected is still
 * being made. */
void
astrix_player_bar_set_live_offer (AstrixPlayerBar *self,
                                  gboolean         offer)
{
  g_return_if_fail (ASTRIX_IS_PLAYER_BAR (self));

  gtk_widget_set_visible (self->live_button, offer);
}

static void
astrix_player_bar_dispose (GObject *object)
{
  AstrixPlayerBar *self = ASTRIX_PLAYER_BAR (object);

  if (self->player_signals != NULL)
    g_signal_group_set_target (self->player_signals, NULL);
  g_clear_object (&self->player_signals);
  g_clear_object (&self->player);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASTRIX_TYPE_PLAYER_BAR);

  G_OBJECT_CLASS (astrix_player_bar_parent_class)->dispose (object);
}

static void
astrix_player_bar_finalize (GObject *object)
{
  g_free (ASTRIX_PLAYER_BAR (object)->title);

  G_OBJECT_CLASS (astrix_player_bar_parent_class)->finalize (object);
}

static void
astrix_player_bar_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PLAYER:
      g_value_set_object (value, ASTRIX_PLAYER_BAR (object)->player);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_player_bar_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_PLAYER:
      astrix_player_bar_set_player (ASTRIX_PLAYER_BAR (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_player_bar_class_init (AstrixPlayerBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = astrix_player_bar_dispose;
  object_class->finalize = astrix_player_bar_finalize;
  object_class->get_property = astrix_player_bar_get_property;
  object_class->set_property = astrix_player_bar_set_property;

  properties[PROP_PLAYER] =
    g_param_spec_object ("player", NULL, NULL, ASTRIX_TYPE_LOCAL_PLAYER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/astrix/Assist/astrix-player-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, AstrixPlayerBar, box);
  gtk_widget_class_bind_template_child (widget_class, AstrixPlayerBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, AstrixPlayerBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, AstrixPlayerBar, position_label);
  gtk_widget_class_bind_template_child (widget_class, AstrixPlayerBar, duration_label);
  gtk_widget_class_bind_template_child (widget_class, AstrixPlayerBar, seek_scale);
  gtk_widget_class_bind_template_child (widget_class, AstrixPlayerBar, seek_adjustment);
  gtk_widget_class_bind_template_child (widget_class, AstrixPlayerBar, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AstrixPlayerBar, live_button);
  gtk_widget_class_bind_template_callback (widget_class, on_seek_change_value);
  gtk_widget_class_bind_template_callback (widget_class, on_speed_changed);
}

static void
astrix_player_bar_init (AstrixPlayerBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->player_signals = g_signal_group_new (ASTRIX_TYPE_LOCAL_PLAYER);
  g_signal_group_connect_swapped (self->player_signals, "notify::state",
                                  G_CALLBACK (on_state), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::position",
                                  G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::duration",
                                  G_CALLBACK (update), self);
}
