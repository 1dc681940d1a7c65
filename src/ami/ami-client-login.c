/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ami-client"

#include <string.h>

#include "ami-client-private.h"

/* Logging in: the banner says it is AMI, then a Challenge (for MD5) and the Login. */

void
_ami_client_handle_banner (AmiClient  *self,
                           AmiLink    *link,
                           AmiMessage *message)
{
  const char *banner = ami_message_get_banner (message);
  static const char prefix[] = "Asterisk Call Manager/";

  if (link->got_banner)
    return;
  link->got_banner = TRUE;

  if (banner == NULL || !g_str_has_prefix (banner, prefix))
    {
      _ami_client_link_lost (self, link,
                             g_error_new (AMI_ERROR, AMI_ERROR_PROTOCOL,
                                          "%s:%u is not an Asterisk Manager Interface (it greeted "
                                          "with “%s”)",
                                          self->host, self->port, banner != NULL ? banner : ""));
      return;
    }

  _ami_client_set_server_version (self, banner + strlen (prefix));
  _ami_client_set_state (self, AMI_CLIENT_AUTHENTICATING);

  _ami_client_login (self);
}

static void
login_done (AmiClient    *self,
            AmiLink      *link,
            AmiMessage   *response,
            const GError *error)
{
  if (!_ami_link_is_current (link))
    return;

  if (response == NULL)
    {
      if (g_error_matches (error, AMI_ERROR, AMI_ERROR_AUTHENTICATION_FAILED))
        _ami_client_link_lost (self, link,
                               g_error_new (AMI_ERROR, AMI_ERROR_AUTHENTICATION_FAILED,
                                            "The PBX refused the user name or secret for “%s”",
                                            self->username ? self->username : ""));
      else
        _ami_client_link_lost (self, link, g_error_copy (error));
      return;
    }

  self->retry_attempt = 0;
  _ami_client_set_last_error (self, NULL);
  _ami_client_start_keepalive (self);
  _ami_client_set_state (self, AMI_CLIENT_CONNECTED);
  /* The mask may have changed while the login was on its way. */
  _ami_client_event_mask_changed (self);
  _ami_client_finish_attempt (self, NULL);
  _ami_client_emit_logged_in (self);
}

static void
send_login (AmiClient  *self,
            const char *challenge)
{
  g_autoptr(AmiAction) login = ami_action_new ("Login");

  if (challenge != NULL)
    {
      g_autofree char *salted = g_strconcat (challenge, self->secret ? self->secret : "", NULL);
      g_autofree char *key = g_compute_checksum_for_string (G_CHECKSUM_MD5, salted, -1);

      ami_action_add (login, "AuthType", "MD5");
      ami_action_add (login, "Username", self->username ? self->username : "");
      ami_action_add (login, "Key", key);
      memset (salted, 0, strlen (salted));
    }
  else
    {
      ami_action_add (login, "Username", self->username ? self->username : "");
      ami_action_add (login, "Secret", self->secret ? self->secret : "");
    }
  _ami_event_mask_add_to_login (self->event_mask, login);
  _ami_client_send_internal (self, login, self->action_timeout_ms, login_done);
}

static void
challenge_done (AmiClient    *self,
                AmiLink      *link,
                AmiMessage   *response,
                const GError *error)
{
  const char *challenge = response ? ami_message_get (response, "Challenge") : NULL;

  if (!_ami_link_is_current (link))
    return;

  if (challenge == NULL || challenge[0] == '\0')
    _ami_client_link_lost (self, link,
                           error ? g_error_copy (error)
                                 : g_error_new_literal (AMI_ERROR, AMI_ERROR_PROTOCOL,
                                                        "The PBX sent an empty MD5 challenge"));
  else
    send_login (self, challenge);
}

void
_ami_client_login (AmiClient *self)
{
  gboolean md5 = self->auth_method == AMI_AUTH_MD5 ||
                 (self->auth_method == AMI_AUTH_AUTO && !self->use_tls);

  if (md5)
    {
      g_autoptr(AmiAction) challenge = ami_action_new_with ("Challenge", "AuthType", "MD5", NULL);

      _ami_client_send_internal (self, challenge, self->action_timeout_ms, challenge_done);
    }
  else
    {
      send_login (self, NULL);
    }
}
