/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-audio-controls.h"
#include "astrix-audio-controls-private.h"

/*
 * The monitoring bar's audio, when the call comes to this computer: a clear "Microphone on"
 * while the supervisor's voice goes to the call, mute, the call's volume, and a level meter for
 * each direction. Everything is bound to an AstrixAudioStream; given a session, the controls
 * follow its stream. They show only while there is a stream, and go insensitive once it has
 * closed (the bar lingers a moment after a session ends).
 */

struct _AstrixAudioControls
{
  GtkWidget             parent_instance;

  GtkWidget            *box;
  GtkWidget            *microphone_indicator;
  GtkToggleButton      *mute_button;
  GtkLevelBar          *capture_level;
  GtkAdjustment        *volume_adjustment;
  GtkLevelBar          *playback_level;

  AstrixMonitorSession *session;
  GSignalGroup         *session_signals;
  AstrixAudioStream    *stream;
  GBindingGroup        *bindings;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_STREAM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixAudioControls, astrix_audio_controls, GTK_TYPE_WIDGET)

static void
update_mute_button (AstrixAudioControls *self)
{
  gboolean muted = gtk_toggle_button_get_active (self->mute_button);

  gtk_button_set_icon_name (GTK_BUTTON (self->mute_button),
                            muted ? "microphone-sensitivity-muted-symbolic"
                                  : "audio-input-microphone-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mute_button),
                               muted ? _("Unmute Microphone") : _("Mute Microphone"));
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->mute_button),
                               GTK_ACCESSIBLE_STATE_PRESSED,
                               muted ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE,
                               -1);
}

/**
 * astrix_audio_controls_set_stream:
 * @stream: (nullable): the call's audio on this computer
 */
void
astrix_audio_controls_set_stream (AstrixAudioControls *self,
                                  AstrixAudioStream   *stream)
{
  g_return_if_fail (ASTRIX_IS_AUDIO_CONTROLS (self));
  g_return_if_fail (stream == NULL || ASTRIX_IS_AUDIO_STREAM (stream));

  if (!g_set_object (&self->stream, stream))
    return;
  g_binding_group_set_source (self->bindings, stream);
  if (stream == NULL)
    {
      gtk_level_bar_set_value (self->playback_level, 0);
      gtk_level_bar_set_value (self->capture_level, 0);
      gtk_widget_set_visible (self->microphone_indicator, FALSE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), stream != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAM]);
}

static void
on_session_stream (AstrixAudioControls *self)
{
  AstrixAudioStream *stream = NULL;

  if (self->session != NULL)
    stream = astrix_phone_call_get_audio_stream (astrix_monitor_session_get_call (self->session));
  astrix_audio_controls_set_stream (self, stream);
}

/**
 * astrix_audio_controls_set_session:
 * @session: (nullable): the running (or last) monitoring session
 *
 * Follows @session's audio stream: the controls appear when the PBX's audio connects to this
 * computer and stay hidden for a session on a phone.
 */
void
astrix_audio_controls_set_session (AstrixAudioControls  *self,
                                   AstrixMonitorSession *session)
{
  g_return_if_fail (ASTRIX_IS_AUDIO_CONTROLS (self));
  g_return_if_fail (session == NULL || ASTRIX_IS_MONITOR_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  on_session_stream (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
astrix_audio_controls_dispose (GObject *object)
{
  AstrixAudioControls *self = ASTRIX_AUDIO_CONTROLS (object);

  g_binding_group_set_source (self->bindings, NULL);
  g_clear_object (&self->bindings);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->stream);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASTRIX_TYPE_AUDIO_CONTROLS);

  G_OBJECT_CLASS (astrix_audio_controls_parent_class)->dispose (object);
}

static void
astrix_audio_controls_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AstrixAudioControls *self = ASTRIX_AUDIO_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_STREAM:
      g_value_set_object (value, self->stream);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_audio_controls_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AstrixAudioControls *self = ASTRIX_AUDIO_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      astrix_audio_controls_set_session (self, g_value_get_object (value));
      break;
    case PROP_STREAM:
      astrix_audio_controls_set_stream (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_audio_controls_class_init (AstrixAudioControlsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = astrix_audio_controls_dispose;
  object_class->get_property = astrix_audio_controls_get_property;
  object_class->set_property = astrix_audio_controls_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ASTRIX_TYPE_MONITOR_SESSION, flags);
  properties[PROP_STREAM] =
    g_param_spec_object ("stream", NULL, NULL, ASTRIX_TYPE_AUDIO_STREAM, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/astrix/Assist/astrix-audio-controls.ui");
  gtk_widget_class_bind_template_child (widget_class, AstrixAudioControls, box);
  gtk_widget_class_bind_template_child (widget_class, AstrixAudioControls, microphone_indicator);
  gtk_widget_class_bind_template_child (widget_class, AstrixAudioControls, mute_button);
  gtk_widget_class_bind_template_child (widget_class, AstrixAudioControls, capture_level);
  gtk_widget_class_bind_template_child (widget_class, AstrixAudioControls, volume_adjustment);
  gtk_widget_class_bind_template_child (widget_class, AstrixAudioControls, playback_level);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
astrix_audio_controls_init (AstrixAudioControls *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Call audio on this computer"), -1);

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "microphone-muted", self->mute_button, "active",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "volume", self->volume_adjustment, "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "microphone-open", self->microphone_indicator, "visible",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "playback-level", self->playback_level, "value",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "capture-level", self->capture_level, "value",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "closed", self->box, "sensitive",
                        G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_signal_connect_swapped (self->mute_button, "notify::active",
                            G_CALLBACK (update_mute_button), self);

  self->session_signals = g_signal_group_new (ASTRIX_TYPE_MONITOR_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::audio-stream",
                                  G_CALLBACK (on_session_stream), self);
}

GtkWidget *
_astrix_audio_controls_new (void)
{
  return g_object_new (ASTRIX_TYPE_AUDIO_CONTROLS, NULL);
}
