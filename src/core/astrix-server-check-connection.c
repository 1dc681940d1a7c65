/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-check"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-server-check-private.h"

/* TCP, TLS and the banner, on a connection of our own: AmiClient folds them into one attempt,
 * the check tells them apart. */

static char *
listener_snippet (AstrixCheckRun *run)
{
  guint port = astrix_server_config_get_port (run->config);

  if (astrix_server_config_get_use_tls (run->config))
    return g_strdup_printf ("[general]\n"
                            "enabled = yes\n"
                            "tlsenable = yes\n"
                            "tlsbindaddr = 0.0.0.0:%u\n"
                            "tlscertfile = /etc/asterisk/keys/asterisk.pem\n"
                            "tlsprivatekey = /etc/asterisk/keys/asterisk.key\n", port);
  return g_strdup_printf ("[general]\n"
                          "enabled = yes\n"
                          "port = %u\n"
                          "bindaddr = 0.0.0.0\n", port);
}

static const char fingerprint_command[] =
  "openssl x509 -in /etc/asterisk/keys/asterisk.pem -noout -fingerprint -sha256";

/* TCP */

static char *
describe_connect_error (AstrixCheckRun *run,
                        const GError   *error,
                        char          **fix)
{
  const char *host = astrix_server_config_get_host (run->config);
  guint port = astrix_server_config_get_port (run->config);
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    {
      *fix = g_strdup (_("Enable the manager interface on the PBX and let it listen on an "
                         "address this computer can reach, on this port; check any firewall "
                         "in between. Then run asterisk -rx \"manager reload\"."));
      return g_strdup_printf (_("Nothing accepts connections on %s port %u: the connection was "
                                "refused."), host, port);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      *fix = g_strdup_printf (_("Check that the PBX is up, that the address is right, and that "
                                "a firewall lets this computer reach TCP port %u."), port);
      n = _astrix_check_seconds (run->self->timeout_ms);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s port %u did not answer within %u second: the "
                                           "address may be wrong, or a firewall drops the "
                                           "connection.",
                                           "%s port %u did not answer within %u seconds: the "
                                           "address may be wrong, or a firewall drops the "
                                           "connection.", n),
                              host, port, n);
    }
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    {
      *fix = g_strdup (_("Check the spelling of the host name, or use the PBX’s IP address."));
      return g_strdup_printf (_("The host name “%s” does not exist (DNS)."), host);
    }
  if (error->domain == G_RESOLVER_ERROR)
    {
      *fix = g_strdup (_("Check this computer’s network and DNS settings, or use the PBX’s IP "
                         "address."));
      return g_strdup_printf (_("The host name “%s” could not be looked up: %s."), host,
                              error->message);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    {
      *fix = g_strdup (_("Check the network route to the PBX (a VPN, the routing)."));
      return g_strdup_printf (_("%s cannot be reached from this computer: %s."), host,
                              error->message);
    }
  *fix = NULL;
  return g_strdup_printf (_("Could not connect to %s port %u: %s."), host, port, error->message);
}

static void check_tls (GTask *task);
static void read_banner (GTask *task);

static void
report_tls_not_used (AstrixCheckRun *run)
{
  g_autofree char *snippet = NULL;
  AstrixCheckResult *row;

  if (run->remote_loopback)
    {
      _astrix_check_report (run, "tls", ASTRIX_CHECK_OK,
                            _("Not used, and not needed: the PBX is on this computer."));
      return;
    }
  row = _astrix_check_report (run, "tls", ASTRIX_CHECK_WARNING,
                              _("Not used: the calls’ channels, numbers and names cross the "
                                "network unencrypted. The login uses an MD5 challenge, so the "
                                "secret itself is not sent."));
  snippet = g_strdup_printf ("[general]\n"
                             "tlsenable = yes\n"
                             "tlsbindaddr = 0.0.0.0:5039\n"
                             "tlscertfile = /etc/asterisk/keys/asterisk.pem\n"
                             "tlsprivatekey = /etc/asterisk/keys/asterisk.key\n");
  astrix_check_result_set_fix (row, _("Enable TLS on the PBX and connect with amis:// (port "
                                      "5039)."), "manager.conf", snippet);
}

static void
remember_addresses (AstrixCheckRun    *run,
                    GSocketConnection *connection)
{
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);

  GInetAddress *address;

  if (G_IS_INET_SOCKET_ADDRESS (local))
    {
      address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
      run->local_address = g_inet_address_to_string (address);
    }
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    {
      address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));
      run->remote_loopback = g_inet_address_get_is_loopback (address);
    }
}

static void
tcp_done (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(GTask) task = data;
  AstrixCheckRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *fix = NULL;

  run->tcp = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  _astrix_check_op_done (run, &error);
  if (_astrix_check_stop_if_cancelled (&task))
    return;
  if (run->tcp == NULL)
    {
      gboolean refused = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
      g_autofree char *snippet = refused ? listener_snippet (run) : NULL;
      AstrixCheckResult *row;

      message = describe_connect_error (run, error, &fix);
      row = _astrix_check_report (run, "connection", ASTRIX_CHECK_FAILED, message);
      astrix_check_result_set_fix (row, fix, refused ? "manager.conf" : NULL, snippet);
      _astrix_check_finish (g_steal_pointer (&task), "connection");
      return;
    }

  remember_addresses (run, run->tcp);
  message = g_strdup_printf (_("%s port %u accepts connections (this computer is %s on that "
                               "connection)."),
                             astrix_server_config_get_host (run->config),
                             astrix_server_config_get_port (run->config),
                             run->local_address != NULL ? run->local_address : "?");
  _astrix_check_report (run, "connection", ASTRIX_CHECK_OK, message);
  if (astrix_server_config_get_use_tls (run->config))
    {
      check_tls (g_steal_pointer (&task));
      return;
    }
  report_tls_not_used (run);
  run->stream = G_IO_STREAM (g_object_ref (run->tcp));
  read_banner (g_steal_pointer (&task));
}

void
_astrix_check_connect (GTask *task)
{
  AstrixCheckRun *run = g_task_get_task_data (task);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address =
    g_network_address_new (astrix_server_config_get_host (run->config),
                           astrix_server_config_get_port (run->config));

  /* AMI is not HTTP: never through a proxy. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_async (client, address,
                                 _astrix_check_op_start (run, run->self->timeout_ms), tcp_done,
                                 task);
}

/* TLS */

static gboolean
pinned_matches (AstrixCheckRun *run)
{
  g_autofree char *pinned =
    ami_fingerprint_normalize (astrix_server_config_get_pinned_certificate (run->config));

  return pinned[0] != '\0' && g_strcmp0 (pinned, run->fingerprint) == 0;
}

static void
remember_peer (AstrixCheckRun       *run,
               GTlsCertificate      *certificate,
               GTlsCertificateFlags  errors)
{
  g_set_object (&run->peer, certificate);
  run->peer_errors = errors;
  g_free (run->fingerprint);
  run->fingerprint = ami_fingerprint_of_certificate (certificate);
}

static gboolean
on_accept_certificate (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       AstrixCheckRun       *run)
{
  remember_peer (run, certificate, errors);
  return pinned_matches (run);
}

/* The names a certificate is for, for a sentence: "other.example, 192.0.2.1". */
static char *
certificate_names (GTlsCertificate *certificate)
{
  g_autoptr(GPtrArray) dns = NULL;
  g_autoptr(GPtrArray) ips = NULL;
  g_autofree char *subject = NULL;
  GString *out = g_string_new (NULL);

  g_object_get (certificate, "dns-names", &dns, "ip-addresses", &ips, "subject-name", &subject,
                NULL);
  for (guint i = 0; dns != NULL && i < dns->len; i++)
    {
      gsize len;
      const char *name = g_bytes_get_data (g_ptr_array_index (dns, i), &len);

      g_string_append_printf (out, "%s%.*s", out->len > 0 ? ", " : "", (int) len, name);
    }
  for (guint i = 0; ips != NULL && i < ips->len; i++)
    {
      g_autofree char *ip = g_inet_address_to_string (g_ptr_array_index (ips, i));

      g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", ip);
    }
  if (out->len == 0 && subject != NULL)
    g_string_append (out, subject);
  return g_string_free (out, FALSE);
}

static char *
describe_certificate_errors (AstrixCheckRun *run)
{
  GString *out = g_string_new (NULL);
  GTlsCertificateFlags errors = run->peer_errors;

  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_string_append (out, _("It is not signed by an authority this computer trusts (a "
                            "self-signed certificate?). "));
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    {
      g_autofree char *names = certificate_names (run->peer);

      g_string_append_printf (out, _("It is for %s, not for “%s”. "), names,
                              astrix_server_config_get_host (run->config));
    }
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    g_string_append (out, _("It has expired. "));
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    g_string_append (out, _("It is not valid yet (is this computer’s clock right?). "));
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    g_string_append (out, _("It has been revoked. "));
  if (errors & G_TLS_CERTIFICATE_INSECURE)
    g_string_append (out, _("It uses an insecure algorithm. "));
  if (errors & G_TLS_CERTIFICATE_GENERIC_ERROR)
    g_string_append (out, _("It could not be verified. "));
  return g_string_free (out, FALSE);
}

static void
report_certificate_refused (AstrixCheckRun *run)
{
  g_autofree char *pretty = ami_fingerprint_format (run->fingerprint);
  g_autofree char *problems = describe_certificate_errors (run);
  g_autofree char *message = NULL;
  const char *pinned = astrix_server_config_get_pinned_certificate (run->config);
  AstrixCheckResult *row;

  if (pinned != NULL)
    {
      g_autofree char *normalized = ami_fingerprint_normalize (pinned);
      g_autofree char *pinned_pretty = ami_fingerprint_format (normalized);

      message = g_strdup_printf (_("The certificate does not match the pinned one. Pinned: "
                                   "SHA-256 %s. Presented now: SHA-256 %s. %s"),
                                 pinned_pretty, pretty, problems);
      row = _astrix_check_report (run, "tls", ASTRIX_CHECK_FAILED, g_strstrip (message));
      astrix_check_result_set_fix (
        row,
        _("If the PBX’s certificate was renewed, compare the "
          "fingerprint on the PBX, forget the pinned certificate in "
          "the server’s settings and trust the new one (Trust "
          "Certificate… in the main window). If nobody "
          "changed it, someone may be intercepting the "
          "connection: do not log in."),
        _("On the PBX"), fingerprint_command);
      return;
    }
  message = g_strdup_printf (_("The certificate was refused. %sIts SHA-256 fingerprint is %s."),
                             problems, pretty);
  row = _astrix_check_report (run, "tls", ASTRIX_CHECK_FAILED, message);
  astrix_check_result_set_fix (row, _("Compare this fingerprint with the one the PBX shows. If "
                                      "they are the same, trust it with Trust Certificate… in "
                                      "the main window, or choose the file of the authority that "
                                      "signed it in the server’s settings; if they differ, do not "
                                      "connect."),
                               _("On the PBX"), fingerprint_command);
}

static void
report_tls_ok (AstrixCheckRun *run)
{
  g_autofree char *pretty = NULL;
  g_autofree char *message = NULL;
  g_autofree char *names = NULL;
  GTlsCertificate *peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (run->stream));

  if (run->fingerprint == NULL && peer != NULL)
    remember_peer (run, peer, 0);
  pretty = ami_fingerprint_format (run->fingerprint != NULL ? run->fingerprint : "");
  if (run->peer_errors != 0)
    {
      message = g_strdup_printf (_("The certificate is the pinned one (SHA-256 %s)."), pretty);
    }
  else
    {
      names = run->peer != NULL ? certificate_names (run->peer) : g_strdup ("?");
      message = g_strdup_printf (_("The certificate is valid, trusted and for %s (SHA-256 %s)."),
                                 names, pretty);
    }
  _astrix_check_report (run, "tls", ASTRIX_CHECK_OK, message);
}

static void
report_not_tls (AstrixCheckRun *run,
                const GError   *error,
                gboolean        speaks_plain)
{
  g_autofree char *message = NULL;
  g_autofree char *snippet = listener_snippet (run);
  AstrixCheckResult *row;

  if (speaks_plain)
    message = g_strdup_printf (_("%s port %u does not speak TLS: it greets in plain AMI."),
                               astrix_server_config_get_host (run->config),
                               astrix_server_config_get_port (run->config));
  else
    message = g_strdup_printf (_("The TLS handshake with %s failed: %s."),
                               astrix_server_config_get_host (run->config), error->message);
  row = _astrix_check_report (run, "tls", ASTRIX_CHECK_FAILED, message);
  astrix_check_result_set_fix (row, _("Connect with ami:// to the plain port, or enable TLS on "
                                      "the PBX and connect to its TLS port (usually 5039)."),
                               "manager.conf", snippet);
}

/* A failed step that a probe of the other protocol explains: TLS, or plain AMI, on that port? */
typedef struct
{
  GTask        *task;
  GError       *error;
  const char   *id;        /* the row it ends */
  void        (*explain) (AstrixCheckRun *run, const GError *error, gboolean other_answers);
} OtherProtocol;

static void
other_protocol_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  OtherProtocol *probe = data;
  g_autoptr(GTask) task = probe->task;
  g_autoptr(GError) error = probe->error;
  AstrixCheckRun *run = g_task_get_task_data (task);
  gboolean answers = _astrix_server_check_probe_finish (result, NULL);
  const char *id = probe->id;
  void (*explain) (AstrixCheckRun *, const GError *, gboolean) = probe->explain;

  g_free (probe);
  if (_astrix_check_stop_if_cancelled (&task))
    return;
  explain (run, error, answers);
  _astrix_check_finish (g_steal_pointer (&task), id);
}

/* Takes @task and @error; @tls: probe for TLS (else for a plain AMI greeting) */
static void
probe_other_protocol (GTask       *task,
                      GError      *error,
                      gboolean     tls,
                      const char  *id,
                      void       (*explain) (AstrixCheckRun *run, const GError *error,
                                             gboolean other_answers))
{
  AstrixCheckRun *run = g_task_get_task_data (task);
  OtherProtocol *probe = g_new0 (OtherProtocol, 1);

  probe->task = task;
  probe->error = error;
  probe->id = id;
  probe->explain = explain;
  _astrix_server_check_probe_async (astrix_server_config_get_host (run->config),
                                    astrix_server_config_get_port (run->config), tls,
                                    run->self->timeout_ms, run->cancellable,
                                    other_protocol_done, probe);
}

static void
handshake_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  AstrixCheckRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error);
  _astrix_check_op_done (run, &error);
  if (_astrix_check_stop_if_cancelled (&task))
    return;
  if (error == NULL)
    {
      report_tls_ok (run);
      read_banner (g_steal_pointer (&task));
      return;
    }
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) && run->peer != NULL)
    {
      report_certificate_refused (run);
      _astrix_check_finish (g_steal_pointer (&task), "tls");
      return;
    }
  /* Not TLS? A plain AMI greeting on the same port tells. */
  probe_other_protocol (g_steal_pointer (&task), g_steal_pointer (&error), FALSE, "tls",
                        report_not_tls);
}

static void
check_tls (GTask *task)
{
  AstrixCheckRun *run = g_task_get_task_data (task);
  g_autoptr(GSocketConnectable) identity =
    g_network_address_new (astrix_server_config_get_host (run->config),
                           astrix_server_config_get_port (run->config));
  g_autoptr(GError) error = NULL;
  g_autofree char *ca_file = NULL;
  GIOStream *tls = g_tls_client_connection_new (G_IO_STREAM (run->tcp), identity, &error);

  if (tls == NULL)
    {
      report_not_tls (run, error, FALSE);
      _astrix_check_finish (task, "tls");
      return;
    }
  run->stream = tls;
  g_object_get (run->config, "ca-file", &ca_file, NULL);
  if (ca_file != NULL && ca_file[0] != '\0')
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, &error);

      if (database == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The file of certificate authorities "
                                                        "could not be read: %s."),
                                                      error->message);

          AstrixCheckResult *row = _astrix_check_report (run, "tls", ASTRIX_CHECK_FAILED,
                                                         message);

          astrix_check_result_set_fix (row,
                                       _("Choose a PEM file of the authorities that sign the "
                                         "PBX’s certificate in the server’s settings."),
                                       NULL, NULL);
          _astrix_check_finish (task, "tls");
          return;
        }
      g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
    }
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (on_accept_certificate), run);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT,
                                    _astrix_check_op_start (run, run->self->timeout_ms),
                                    handshake_done, task);
}

/* The banner */

static void
report_no_banner (AstrixCheckRun *run,
                  const GError   *error,
                  gboolean        speaks_tls)
{
  const char *host = astrix_server_config_get_host (run->config);
  guint port = astrix_server_config_get_port (run->config);
  g_autofree char *message = NULL;
  AstrixCheckResult *row;

  if (speaks_tls)
    {
      message = g_strdup_printf (_("%s port %u speaks TLS: it waits for a TLS handshake instead "
                                   "of greeting in plain AMI."), host, port);
      row = _astrix_check_report (run, "banner", ASTRIX_CHECK_FAILED, message);
      astrix_check_result_set_fix (row, _("Connect with amis:// (TLS) to this port, or with "
                                          "ami:// to the PBX’s plain port (usually 5038)."),
                                   NULL, NULL);
      return;
    }
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%s port %u accepted the connection but sent no "
                                            "greeting within %u second: it does not look like "
                                            "the Asterisk Manager Interface.",
                                            "%s port %u accepted the connection but sent no "
                                            "greeting within %u seconds: it does not look like "
                                            "the Asterisk Manager Interface.",
                                            _astrix_check_seconds (run->self->timeout_ms)),
                               host, port, _astrix_check_seconds (run->self->timeout_ms));
  else if (error != NULL)
    message = g_strdup_printf (_("%s port %u sent no greeting: %s."), host, port, error->message);
  else
    message = g_strdup_printf (_("%s port %u closed the connection without a greeting: the PBX "
                                 "may refuse this computer, or allow no more sessions."),
                               host, port);
  row = _astrix_check_report (run, "banner", ASTRIX_CHECK_FAILED, message);
  astrix_check_result_set_fix (row, _("Check the port: the manager interface is usually on 5038 "
                                      "(5039 with TLS), as set in manager.conf. The Asterisk log "
                                      "tells why a connection was closed."), NULL, NULL);
}

/* The Asterisk release of an AMI version: 9 came with Asterisk 20, 10 with 21, 11 with 22. */
static int
asterisk_release (const char *ami_version)
{
  gint64 major = g_ascii_strtoll (ami_version, NULL, 10);

  return major >= 2 ? (int) major + 11 : 0;
}

static void
report_banner (AstrixCheckRun *run,
               const char     *banner)
{
  static const char prefix[] = "Asterisk Call Manager/";
  g_autofree char *message = NULL;
  const char *version;
  int release;

  if (!g_str_has_prefix (banner, prefix))
    {
      message = g_strdup_printf (_("Something answers on %s port %u, but not the Asterisk "
                                   "Manager Interface: it said “%s”."),
                                 astrix_server_config_get_host (run->config),
                                 astrix_server_config_get_port (run->config), banner);
      astrix_check_result_set_fix (_astrix_check_report (run, "banner", ASTRIX_CHECK_FAILED,
                                                         message),
                                   _("Check the port: the manager interface is usually on 5038 "
                                     "(5039 with TLS)."), NULL, NULL);
      return;
    }
  version = banner + strlen (prefix);
  release = asterisk_release (version);
  if (release > 0 && release < 20)
    {
      message = g_strdup_printf (_("It greets as “%s”: AMI %s, Asterisk %d. Astrix Assist is "
                                   "made for Asterisk 20 and later; older versions may behave "
                                   "differently."), banner, version, release);
      _astrix_check_report (run, "banner", ASTRIX_CHECK_WARNING, message);
      return;
    }
  if (release > 0)
    message = g_strdup_printf (_("It greets as “%s”: AMI %s, Asterisk %d."), banner, version,
                               release);
  else
    message = g_strdup_printf (_("It greets as “%s”."), banner);
  _astrix_check_report (run, "banner", ASTRIX_CHECK_OK, message);
}

static void
banner_failed (GTask  *task,
               GError *error)
{
  AstrixCheckRun *run = g_task_get_task_data (task);

  if (astrix_server_config_get_use_tls (run->config) ||
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      report_no_banner (run, error, FALSE);
      g_clear_error (&error);
      _astrix_check_finish (task, "banner");
      return;
    }
  /* A silent plain port may be a TLS one. */
  probe_other_protocol (task, error, TRUE, "banner", report_no_banner);
}

static void
banner_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  AstrixCheckRun *run = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *line = _astrix_server_check_read_line_finish (result, &error);

  _astrix_check_op_done (run, &error);
  if (_astrix_check_stop_if_cancelled (&task))
    {
      g_clear_error (&error);
      return;
    }
  /* The probe connection has served; the login makes its own. */
  g_clear_object (&run->stream);
  g_clear_object (&run->tcp);
  if (line == NULL)
    {
      banner_failed (g_steal_pointer (&task), error);
      return;
    }
  report_banner (run, line);
  if (astrix_check_result_get_status (_astrix_check_find_row (run, "banner")) ==
      ASTRIX_CHECK_FAILED)
    {
      _astrix_check_finish (g_steal_pointer (&task), "banner");
      return;
    }
  _astrix_check_login (g_steal_pointer (&task));
}

static void
read_banner (GTask *task)
{
  AstrixCheckRun *run = g_task_get_task_data (task);

  _astrix_server_check_read_line_async (run->stream,
                                        _astrix_check_op_start (run, run->self->timeout_ms),
                                        banner_done, task);
}

