/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <adwaita.h>

#include "astrix-audio-stream-private.h"
#include "astrix-audio-controls.h"
#include "astrix-audio-controls-private.h"
#include "astrix-audiosocket-frame.h"
#include "ui-support.h"

/*
 * The audio controls of the monitoring bar, on a real AstrixAudioStream over a loopback
 * connection (a fakesink plays, a test tone talks): every control follows the stream and
 * drives it, and they say what they are to assistive technologies.
 */

typedef struct
{
  GSocketService    *service;
  GSocketConnection *server;   /* the stream's end */
  GSocketConnection *client;   /* the "PBX" */
} Link;

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             Link              *link)
{
  link->server = g_object_ref (connection);
  return TRUE;
}

static void
link_open (Link *link)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  link->service = g_socket_service_new ();
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (link->service), any,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, NULL));
  g_signal_connect (link->service, "incoming", G_CALLBACK (on_incoming), link);
  link->client = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (bound), NULL, NULL);
  g_assert_nonnull (link->client);
  UI_WAIT_UNTIL (link->server != NULL, 2000);
}

static void
link_close (Link *link)
{
  g_socket_service_stop (link->service);
  g_socket_listener_close (G_SOCKET_LISTENER (link->service));
  g_clear_object (&link->service);
  g_clear_object (&link->server);
  g_clear_object (&link->client);
}

static GtkWidget *
find (GtkWidget *widget,
      GType      type,
      guint      nth)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && nth-- == 0)
        return child;
      found = find (child, type, nth);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_controls (void)
{
  Link link = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AstrixAudioStream) stream = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *controls = _astrix_audio_controls_new ();
  GtkToggleButton *mute;
  GtkWidget *indicator;
  GtkRange *volume;
  GtkLevelBar *capture_level;

  link_open (&link);
  stream = astrix_audio_stream_new (G_IO_STREAM (link.server), &error);
  g_assert_no_error (error);
  gtk_window_set_child (GTK_WINDOW (window), controls);
  gtk_window_present (GTK_WINDOW (window));

  /* No stream, nothing to show. */
  g_assert_false (gtk_widget_get_visible (controls));
  astrix_audio_controls_set_stream (ASTRIX_AUDIO_CONTROLS (controls), stream);
  g_assert_true (gtk_widget_get_visible (controls));
  astrix_audio_stream_start (stream);

  indicator = ui_find_label (controls, "Microphone on");
  g_assert_nonnull (indicator);
  mute = GTK_TOGGLE_BUTTON (find (controls, GTK_TYPE_TOGGLE_BUTTON, 0));
  volume = GTK_RANGE (find (controls, GTK_TYPE_SCALE, 0));
  capture_level = GTK_LEVEL_BAR (find (controls, GTK_TYPE_LEVEL_BAR, 0));
  g_assert_nonnull (mute);
  g_assert_nonnull (volume);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (mute)), ==, "Mute Microphone");

  /* Listening: the microphone is closed, and it says so by saying nothing. */
  g_assert_false (gtk_widget_is_visible (indicator));

  /* Talking: "Microphone on", and its level moves. */
  astrix_audio_stream_set_talking (stream, TRUE);
  g_assert_true (gtk_widget_is_visible (indicator));
  UI_WAIT_UNTIL (gtk_level_bar_get_value (capture_level) > 0.3, 3000);
  ui_save_screenshot (window, "audio-controls-talking.png");

  /* Mute from the button: the stream mutes and the microphone closes. */
  gtk_toggle_button_set_active (mute, TRUE);
  g_assert_true (astrix_audio_stream_get_microphone_muted (stream));
  g_assert_false (_astrix_audio_stream_get_microphone_open (stream));
  g_assert_false (gtk_widget_is_visible (indicator));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (mute)), ==, "Unmute Microphone");
  UI_WAIT_UNTIL (gtk_level_bar_get_value (capture_level) == 0, 2000);
  /* ... and from the stream: the button follows. */
  astrix_audio_stream_set_microphone_muted (stream, FALSE);
  g_assert_false (gtk_toggle_button_get_active (mute));
  g_assert_true (gtk_widget_is_visible (indicator));

  /* The volume, both ways. */
  gtk_range_set_value (volume, 0.25);
  g_assert_cmpfloat (_astrix_audio_stream_get_volume (stream), ==, 0.25);
  astrix_audio_stream_set_volume (stream, 0.75);
  g_assert_cmpfloat (gtk_range_get_value (volume), ==, 0.75);

  /* Closed: still shown (the bar lingers), but nothing to operate. */
  astrix_audio_stream_close (stream);
  g_assert_false (gtk_widget_get_sensitive (gtk_widget_get_first_child (controls)));
  g_assert_false (gtk_widget_is_visible (indicator));
  ui_save_screenshot (window, "audio-controls-closed.png");

  astrix_audio_controls_set_stream (ASTRIX_AUDIO_CONTROLS (controls), NULL);
  g_assert_false (gtk_widget_get_visible (controls));
  gtk_window_destroy (GTK_WINDOW (window));
  link_close (&link);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("ASTRIX_AUDIO_SINK", "fakesink sync=true", TRUE);
  g_setenv ("ASTRIX_AUDIO_SOURCE", "audiotestsrc freq=1004 is-live=true", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/audio-controls/follow-and-drive", test_controls);

  return g_test_run ();
}
